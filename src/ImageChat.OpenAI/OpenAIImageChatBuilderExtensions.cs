using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAI;

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

    /// <summary>
    /// Uses an <see cref="OpenAIClient"/> the app made (its endpoint, credential, transport and policies) for chat and
    /// images; <see cref="OpenAIImageChatOptions.ApiKey"/>, <see cref="OpenAIImageChatOptions.Endpoint"/> and
    /// <see cref="OpenAIImageChatOptions.NetworkTimeout"/> are then not used.
    /// </summary>
    /// <remarks>
    /// Turn the client's own retry off (<c>RetryPolicy = new ClientRetryPolicy(maxRetries: 0)</c> in its
    /// <see cref="OpenAIClientOptions"/>): ImageChat's resilience pipelines retry, and the two would multiply. Without
    /// ImageChat's response capture, the call log renders responses from the parsed result instead of the raw body.
    /// </remarks>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="client">The client; not disposed by ImageChat.</param>
    /// <param name="configure">Sets the models and image settings; <see langword="null"/> keeps the defaults.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseOpenAI<TBuilder>(this TBuilder builder, OpenAIClient client, Action<OpenAIImageChatOptions>? configure = null)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        builder.Services.RemoveAll<SuppliedOpenAIClient>();
        builder.Services.AddSingleton(new SuppliedOpenAIClient(client));
        return builder.UseOpenAI(configure);
    }

    private static void AddProvider(IImageChatBuilder builder)
    {
        builder.Services.AddOptions<OpenAIImageChatOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAIImageChatOptions>, OpenAIImageChatOptionsValidator>(
            static sp => new OpenAIImageChatOptionsValidator(apiKeyRequired: sp.GetService<SuppliedOpenAIClient>() is null)));
        builder.Services.TryAddSingleton(static sp => new OpenAIProvider(
            sp.GetRequiredService<IOptions<OpenAIImageChatOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<SuppliedOpenAIClient>(),
            sp.GetService<IHttpClientFactory>()));
        builder.UseChatClient(sp => sp.GetRequiredService<OpenAIProvider>().CreateChatClient());
        builder.UseImageGenerator(sp => sp.GetRequiredService<OpenAIProvider>().CreateImageGenerator());
    }
}
