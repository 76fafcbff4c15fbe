using Microsoft.Extensions.Configuration;

namespace ImageChat.Samples.Demo;

/// <summary>
/// The rule every sample follows: OpenAI when an API key is configured, the offline demo models otherwise. The key is
/// <c>ImageChat:OpenAI:ApiKey</c> (appsettings, user secrets, <c>ImageChat__OpenAI__ApiKey</c>) or <c>OPENAI_API_KEY</c>,
/// the name the OpenAI tools use; <c>OPENAI_BASE_URL</c> likewise stands for <c>ImageChat:OpenAI:Endpoint</c>.
/// </summary>
public static class SampleModels
{
    /// <summary>The section the OpenAI provider binds from.</summary>
    public const string OpenAISection = "ImageChat:OpenAI";

    /// <summary>The environment variable holding the OpenAI API key.</summary>
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The environment variable holding an OpenAI-compatible endpoint.</summary>
    public const string BaseUrlVariable = "OPENAI_BASE_URL";

    /// <summary>Whether the configuration names an OpenAI API key, so that the samples talk to OpenAI.</summary>
    /// <param name="configuration">The application's configuration (its root).</param>
    public static bool HasOpenAIKey(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{OpenAISection}:ApiKey"] ?? configuration[ApiKeyVariable]);
    }

    /// <summary>Uses OpenAI (bound from <c>ImageChat:OpenAI</c>) when <see cref="HasOpenAIKey"/>, the demo chat model and demo painter otherwise.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The ImageChat builder.</param>
    /// <param name="configuration">The application's configuration (its root).</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseOpenAIOrDemo<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);

        if (!HasOpenAIKey(configuration))
        {
            return builder.UseChatClient(new DemoChatClient()).UseImageGenerator(new DemoImageGenerator());
        }

        string? apiKey = configuration[ApiKeyVariable];
        string? baseUrl = configuration[BaseUrlVariable];
        return builder.UseOpenAI(configuration.GetSection(OpenAISection)).UseOpenAI(options =>
        {
            // Values under ImageChat:OpenAI win; the OpenAI tools' variables fill what they leave out.
            options.ApiKey ??= apiKey;
            options.Endpoint ??= string.IsNullOrWhiteSpace(baseUrl) ? null : new Uri(baseUrl, UriKind.Absolute);
        });
    }
}
