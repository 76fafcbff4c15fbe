using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Validates <see cref="ImageChatResilienceOptions"/>: each setting's range (from its attributes, by the generated
/// <see cref="ModelCallResilienceOptionsValidator"/>) and the rules that tie settings together, every failure named by its
/// configuration key (<c>ImageChat:Resilience:Chat:AttemptTimeout</c>).
/// </summary>
internal sealed class ImageChatResilienceOptionsValidator : IValidateOptions<ImageChatResilienceOptions>
{
    private const string Section = $"{ImageChatDefaults.ConfigurationSectionName}:{ImageChatResilienceOptions.ConfigurationSectionName}";
    private readonly ModelCallResilienceOptionsValidator _ranges = new();

    public ValidateOptionsResult Validate(string? name, ImageChatResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [.. Check(nameof(options.Chat), options.Chat), .. Check(nameof(options.Image), options.Image)];
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> Check(string which, ModelCallResilienceOptions options)
    {
        string key = $"{Section}:{which}";

        if (_ranges.Validate(key, options) is { Failed: true, Failures: { } ranges })
        {
            foreach (string failure in ConfigurationKeys.Name(ranges, key))
            {
                yield return failure;
            }

            yield break; // The rules below compare values that are at least each in range.
        }

        if (options.AttemptTimeout > options.TotalTimeout)
        {
            yield return $"{key}:AttemptTimeout ({options.AttemptTimeout}) exceeds {key}:TotalTimeout ({options.TotalTimeout}).";
        }

        if (options.BaseDelay > options.MaxDelay)
        {
            yield return $"{key}:BaseDelay ({options.BaseDelay}) exceeds {key}:MaxDelay ({options.MaxDelay}).";
        }

        if (options.CircuitBreakerEnabled && options.SamplingDuration < 2 * options.AttemptTimeout)
        {
            yield return $"{key}:SamplingDuration ({options.SamplingDuration}) must be at least twice {key}:AttemptTimeout ({options.AttemptTimeout}), " +
                "so that the circuit breaker sees the attempts that time out.";
        }
    }
}
