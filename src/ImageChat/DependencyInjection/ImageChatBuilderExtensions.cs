using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// The fluent configuration of ImageChat, shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>.
/// </summary>
public static class ImageChatBuilderExtensions
{
    /// <summary>Sets engine options.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; runs after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static TBuilder Configure<TBuilder>(this TBuilder builder, Action<ImageChatOptions> configure)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Binds engine options from a configuration section, usually <c>configuration.GetSection("ImageChat")</c>:
    /// <see cref="ImageChatOptions"/> from the section, <see cref="ImageChatResilienceOptions"/> from its <c>Resilience</c> child,
    /// <see cref="ImageChatTelemetryOptions"/> from its <c>Telemetry</c> child, <see cref="ConversationStoreOptions"/> from its
    /// <c>ConversationStore</c> child, <see cref="ImageVisionOptions"/> from its <c>Vision</c> child. Options set in code
    /// after this call override the bound values.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The section to bind.</param>
    /// <returns>The builder.</returns>
    public static TBuilder Configure<TBuilder>(this TBuilder builder, IConfiguration configuration)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.Configure<ImageChatOptions>(configuration);
        BindResilience(builder.Services, configuration.GetSection(ImageChatResilienceOptions.ConfigurationSectionName));
        builder.Services.Configure<ImageChatTelemetryOptions>(configuration.GetSection(ImageChatTelemetryOptions.ConfigurationSectionName));
        builder.Services.Configure<ConversationStoreOptions>(configuration.GetSection(ConversationStoreOptions.ConfigurationSectionName));
        builder.Services.Configure<ImageVisionOptions>(configuration.GetSection(ImageVisionOptions.ConfigurationSectionName));
        return builder;
    }

    /// <summary>
    /// Binds into the existing <see cref="ImageChatResilienceOptions.Chat"/> and <see cref="ImageChatResilienceOptions.Image"/>
    /// (each carries its own defaults): the build-time binding generator, which keeps this trimming and AOT safe, cannot
    /// create them itself. Reloads still reach the pipelines through the change-token source.
    /// </summary>
    private static void BindResilience(IServiceCollection services, IConfigurationSection section)
    {
        services.AddSingleton<IOptionsChangeTokenSource<ImageChatResilienceOptions>>(new ConfigurationChangeTokenSource<ImageChatResilienceOptions>(section));
        services.Configure<ImageChatResilienceOptions>(options =>
        {
            section.GetSection(nameof(ImageChatResilienceOptions.Chat)).Bind(options.Chat);
            section.GetSection(nameof(ImageChatResilienceOptions.Image)).Bind(options.Image);
        });
    }

    /// <summary>Uses a chat client as the chat model, the bottom of the pipeline. Give it a plain provider client: ImageChat adds the function-invocation loop, call tracking and resilience above it.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="chatClient">The provider's chat client.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseChatClient<TBuilder>(this TBuilder builder, IChatClient chatClient)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        return builder.UseChatClient(_ => chatClient);
    }

    /// <summary>Uses a chat client made from the services as the chat model; replaces any set before.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Makes the provider's chat client.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseChatClient<TBuilder>(this TBuilder builder, Func<IServiceProvider, IChatClient> factory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAllKeyed<IChatClient>(ImageChatServiceKeys.ChatModel);
        builder.Services.AddKeyedSingleton(ImageChatServiceKeys.ChatModel, (sp, _) => factory(sp));
        return builder;
    }

    /// <summary>Uses an image generator for the <c>generate_image</c> tool; replaces any set before.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="generator">The image generator.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseImageGenerator<TBuilder>(this TBuilder builder, ITextToImageGenerator generator)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(generator);
        return builder.UseImageGenerator(_ => generator);
    }

    /// <summary>Uses an image generator made from the services; replaces any set before.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Makes the image generator.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseImageGenerator<TBuilder>(this TBuilder builder, Func<IServiceProvider, ITextToImageGenerator> factory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<ITextToImageGenerator>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Uses an image store instead of the default folder store; replaces any set before.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The image store.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseImageStore<TBuilder>(this TBuilder builder, IImageStore store)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.RemoveAll<IImageStore>();
        builder.Services.AddSingleton(store);
        return builder;
    }

    /// <summary>Saves images in a folder with the default store (sets <see cref="ImageChatOptions.ImageDirectory"/>).</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The folder; created on first save.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseImageDirectory<TBuilder>(this TBuilder builder, string directory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return builder.Configure(o => o.ImageDirectory = directory);
    }

    /// <summary>Adds a tool the model may call besides <c>generate_image</c>, such as an <see cref="AIFunction"/> from <see cref="AIFunctionFactory"/>.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="tool">The tool; its name must differ from every other tool's.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddTool<TBuilder>(this TBuilder builder, AITool tool)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(tool);
        return builder.AddTool(_ => tool);
    }

    /// <summary>Adds a tool made from the services.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Makes the tool.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AddTool<TBuilder>(this TBuilder builder, Func<IServiceProvider, AITool> factory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(new ToolRegistration(factory));
        return builder;
    }

    /// <summary>Uses a time source for timestamps, timeouts and retry delays (tests pass a fake one).</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseTimeProvider<TBuilder>(this TBuilder builder, TimeProvider timeProvider)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(timeProvider);
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton(timeProvider);
        return builder;
    }
}
