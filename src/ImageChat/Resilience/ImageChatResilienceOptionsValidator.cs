using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Checks what the setters of <see cref="ModelCallResilienceOptions"/> cannot: settings that must agree with each other.
/// </summary>
internal sealed class ImageChatResilienceOptionsValidator : IValidateOptions<ImageChatResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageChatResilienceOptions options)
    {
        List<string> failures = [.. Check(nameof(options.Chat), options.Chat), .. Check(nameof(options.Image), options.Image)];
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Check(string which, ModelCallResilienceOptions options)
    {
        if (options.AttemptTimeout > options.TotalTimeout)
        {
            yield return $"ImageChat:Resilience:{which}: AttemptTimeout ({options.AttemptTimeout}) exceeds TotalTimeout ({options.TotalTimeout}).";
        }

        if (options.BaseDelay > options.MaxDelay)
        {
            yield return $"ImageChat:Resilience:{which}: BaseDelay ({options.BaseDelay}) exceeds MaxDelay ({options.MaxDelay}).";
        }
    }
}
