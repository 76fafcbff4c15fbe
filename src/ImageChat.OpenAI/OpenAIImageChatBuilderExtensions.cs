using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Adds the OpenAI provider to ImageChat: chat through the SDK's <c>ChatClient</c>, images through its <c>ImageClient</c>,
/// against OpenAI or any OpenAI-compatible endpoint.
/// </summary>
public static class OpenAIImageChatBuilderExtensions
{
    /// <summary>Uses OpenAI (or the compatible server at <see cref="OpenAIImageChatOptions.Endpoint"/>) for chat and images.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the provider's options; the API key is required.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// using IImageChatClient client = new ImageChatBuilder()
    ///     .UseOpenAI(o => o.ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
    ///     .Build();
    /// </code>
    /// </example>
    public static TBuilder UseOpenAI<TBuilder>(this TBuilder builder, Action<OpenAIImageChatOptions>? configure = null)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddProvider(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Uses OpenAI with options bound from a configuration section, usually <c>configuration.GetSection("ImageChat:OpenAI")</c>.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section to bind <see cref="OpenAIImageChatOptions"/> from.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseOpenAI<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddProvider(builder);
        builder.Services.Configure<OpenAIImageChatOptions>(configuration);
        return builder;
    }

    private static void AddProvider(IImageChatBuilder builder)
    {
        builder.Services.AddOptions<OpenAIImageChatOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAIImageChatOptions>, OpenAIImageChatOptionsValidator>());
        builder.Services.TryAddSingleton<OpenAIProvider>();
        builder.UseChatClient(sp => sp.GetRequiredService<OpenAIProvider>().CreateChatClient());
        builder.UseImageGenerator(sp => sp.GetRequiredService<OpenAIProvider>().CreateImageGenerator());
    }
}
