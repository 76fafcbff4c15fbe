using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Checks at start what the setters cannot: that an API key is there.
/// </summary>
internal sealed class OpenAIImageChatOptionsValidator : IValidateOptions<OpenAIImageChatOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenAIImageChatOptions options) =>
        string.IsNullOrWhiteSpace(options.ApiKey)
            ? ValidateOptionsResult.Fail(
                "ImageChat:OpenAI:ApiKey is required: set OpenAIImageChatOptions.ApiKey, the ImageChat:OpenAI:ApiKey setting or OPENAI_API_KEY. " +
                "Local OpenAI-compatible servers (Ollama, LM Studio, vLLM) accept any non-empty value.")
            : ValidateOptionsResult.Success;
}
