using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Validates <see cref="OpenAIImageChatOptions"/> at start: each setting against its attributes (generated, without
/// reflection) and that an API key is there, every failure named by its configuration key.
/// </summary>
internal sealed class OpenAIImageChatOptionsValidator : IValidateOptions<OpenAIImageChatOptions>
{
    private const string Section = $"{ImageChatDefaults.ConfigurationSectionName}:{OpenAIImageChatOptions.ConfigurationSectionName}";
    private readonly GeneratedOpenAIImageChatOptionsValidator _attributes = new();
    private readonly bool _apiKeyRequired;

    /// <param name="apiKeyRequired">Whether ImageChat makes the OpenAI client (and needs the key), rather than using the app's.</param>
    public OpenAIImageChatOptionsValidator(bool apiKeyRequired) => _apiKeyRequired = apiKeyRequired;

    public ValidateOptionsResult Validate(string? name, OpenAIImageChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (_apiKeyRequired && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add(
                $"{Section}:ApiKey is required: set OpenAIImageChatOptions.ApiKey, the {Section}:ApiKey setting or OPENAI_API_KEY. " +
                "Local OpenAI-compatible servers (Ollama, LM Studio, vLLM) accept any non-empty value.");
        }

        // Given the section's key as the options name, the generator writes "<section>.<setting>": make it the key.
        if (_attributes.Validate(Section, options) is { Failed: true, Failures: { } invalid })
        {
            failures.AddRange(invalid.Select(f => f.Replace($"{Section}.", $"{Section}:", StringComparison.Ordinal)));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
