using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Validates <see cref="OpenAIImageChatOptions"/> at start: each setting against its attributes (generated, without
/// reflection), that an API key is there, and the image defaults against what a known image model accepts, every failure
/// named by its configuration key.
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
        else if (OpenAIImageModels.IsKnown(options.ImageModel))
        {
            ImageGenerationCapabilities model = OpenAIImageModels.For(options.ImageModel);
            Check(failures, options.ImageModel, nameof(options.ImageSize), options.ImageSize, model.Sizes);
            Check(failures, options.ImageModel, nameof(options.ImageQuality), options.ImageQuality, model.Qualities);
            Check(failures, options.ImageModel, nameof(options.ImageOutputFormat), options.ImageOutputFormat, [.. model.MediaTypes.Select(OpenAIImageModels.OutputFormat)]);
            Check(failures, options.ImageModel, nameof(options.ImageBackground), options.ImageBackground, model.Backgrounds);
            if (options.PartialImages > 0 && !OpenAIImageModels.StreamsPartialImages(options.ImageModel))
            {
                failures.Add($"{Section}:PartialImages is {options.PartialImages}, but {options.ImageModel} does not stream partial images: set it to 0, or use gpt-image-1.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Checks a default against what OpenAI documents for the image model, so that a typo fails at start and not on every image.</summary>
    private static void Check(List<string> failures, string imageModel, string setting, string? value, IReadOnlyList<string> allowed)
    {
        if (value is null || allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        failures.Add(allowed.Count == 0
            ? $"{Section}:{setting} is '{value}', but {imageModel} takes no such setting: remove it, or choose an image model that does (gpt-image-1)."
            : $"{Section}:{setting} is '{value}', which {imageModel} does not accept: use one of {string.Join(", ", allowed)}.");
    }
}
