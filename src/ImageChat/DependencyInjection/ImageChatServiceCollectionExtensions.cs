using ImageChat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.DependencyInjection;
using Polly.Registry;
using Polly.Telemetry;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers ImageChat in an <see cref="IServiceCollection"/>.
/// </summary>
public static class ImageChatServiceCollectionExtensions
{
    /// <summary>
    /// Registers ImageChat's engine: <see cref="IImageChatClient"/>, the tool registry, the default image store and the
    /// resilience pipelines. Add a provider next (for OpenAI, <c>.UseOpenAI()</c>) or your own with
    /// <see cref="ImageChatBuilderExtensions.UseChatClient{TBuilder}(TBuilder, IChatClient)"/> and
    /// <see cref="ImageChatBuilderExtensions.UseImageGenerator{TBuilder}(TBuilder, ITextToImageGenerator)"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets engine options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>A builder to configure ImageChat further.</returns>
    public static IImageChatBuilder AddImageChat(this IServiceCollection services, Action<ImageChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new ServiceCollectionImageChatBuilder(services);
    }

    /// <summary>
    /// Registers ImageChat's engine with options bound from a configuration section, usually <c>configuration.GetSection("ImageChat")</c>:
    /// <see cref="ImageChatOptions"/> from the section, <see cref="ImageChatResilienceOptions"/> from its <c>Resilience</c> child.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section to bind the options from.</param>
    /// <returns>A builder to configure ImageChat further.</returns>
    public static IImageChatBuilder AddImageChat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        return new ServiceCollectionImageChatBuilder(services).Configure(configuration);
    }

    /// <summary>
    /// Registers an <see cref="IImageChatClient"/> under a key, with its own configuration, so that differently configured
    /// instances (another model, prompt, image folder or provider) live in one container. Resolve it with
    /// <c>GetRequiredKeyedService&lt;IImageChatClient&gt;(key)</c> or <c>[FromKeyedServices(key)]</c>.
    /// </summary>
    /// <remarks>
    /// The returned builder's <see cref="IImageChatBuilder.Services"/> are the instance's own: configure it with the same
    /// extension methods as <c>AddImageChat()</c> (<c>UseOpenAI</c>, <c>UseCallLog</c>, …); services it needs beyond
    /// those (an <c>AddHttpClient</c> for its provider, say) go there too. It logs and meters through the app's
    /// <c>ILoggerFactory</c> and <c>IMeterFactory</c>. It is built, and its options validated, when it is first resolved,
    /// and disposed with the app's container.
    /// </remarks>
    /// <param name="services">The app's services.</param>
    /// <param name="serviceKey">The key to resolve the client by.</param>
    /// <param name="configure">Sets engine options; <see langword="null"/> keeps the defaults.</param>
    /// <returns>A builder to configure this instance further.</returns>
    public static IImageChatBuilder AddKeyedImageChat(this IServiceCollection services, object serviceKey, Action<ImageChatOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(serviceKey);
        IImageChatBuilder instance = new ServiceCollectionImageChatBuilder(new ServiceCollection());
        instance.Services.AddImageChat(configure);
        services.AddKeyedSingleton<IImageChatClient>(serviceKey, (app, _) => ImageChatBuilder.Build(ShareAppServices(instance.Services, app)));
        return instance;
    }

    /// <summary>Registers a keyed <see cref="IImageChatClient"/> with options bound from a configuration section (see <see cref="AddKeyedImageChat(IServiceCollection, object, Action{ImageChatOptions}?)"/>).</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="serviceKey">The key to resolve the client by.</param>
    /// <param name="configuration">The section to bind this instance's options from, such as <c>configuration.GetSection("ImageChat:Drafts")</c>.</param>
    /// <returns>A builder to configure this instance further.</returns>
    public static IImageChatBuilder AddKeyedImageChat(this IServiceCollection services, object serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddKeyedImageChat(serviceKey).Configure(configuration);
    }

    /// <summary>Lets a keyed instance log and meter through the app's services, which outlive it.</summary>
    private static ServiceCollection ShareAppServices(IServiceCollection instance, IServiceProvider app)
    {
        ServiceCollection services = [.. instance];
        if (app.GetService<ILoggerFactory>() is { } logging)
        {
            services.Replace(ServiceDescriptor.Singleton(logging));
        }

        if (app.GetService<System.Diagnostics.Metrics.IMeterFactory>() is { } meters)
        {
            services.Replace(ServiceDescriptor.Singleton(meters));
        }

        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ImageChatMarker)))
        {
            return;
        }

        services.AddSingleton<ImageChatMarker>();
        services.AddOptions<ImageChatOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImageChatOptions>, ImageChatOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.TryAddSingleton<IImageStore>(sp =>
            new FileSystemImageStore(new FileSystemImageStoreOptions { Directory = sp.GetRequiredService<IOptions<ImageChatOptions>>().Value.ImageDirectory }));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ImageGenerationService>(
            sp,
            sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(ImageChatResilienceKeys.Image)));
        services.TryAddSingleton<IConversationStore>(ConversationStoreBuilderExtensions.CreateConfiguredStore);
        services.TryAddSingleton<ImageChatInstrumentation>();
        services.TryAddSingleton<IToolRegistry>(sp =>
        {
            ImageGenerationService images = sp.GetRequiredService<ImageGenerationService>();
            ImageChatOptions options = sp.GetRequiredService<IOptions<ImageChatOptions>>().Value;
            AITool[] builtIn = [ImageToolFunction.Generate(images, options), ImageToolFunction.Edit(images, options)];
            AITool[] added = [.. sp.GetServices<ToolRegistration>().Select(r => r.Create(sp))];
            ToolNames.EnsureValid([], added, "tool");
            return new ToolRegistry([.. builtIn, .. added]);
        });

        services.AddOptions<ImageVisionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImageVisionOptions>, ImageVisionOptionsValidator>());

        services.AddOptions<ImageChatResilienceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImageChatResilienceOptions>, ImageChatResilienceOptionsValidator>());
        services.AddResiliencePipeline(ImageChatResilienceKeys.Chat, static (builder, context) => ConfigurePipeline(builder, context, static o => o.Chat));
        services.AddResiliencePipeline(ImageChatResilienceKeys.Image, static (builder, context) => ConfigurePipeline(builder, context, static o => o.Image));

        services.TryAddSingleton(static sp => new ModelFailureTranslator(
            sp.GetRequiredService<IOptions<ImageChatResilienceOptions>>().Value.ClassifyFailure, sp.GetRequiredService<TimeProvider>()));
        services.TryAddKeyedSingleton(ImageChatServiceKeys.Pipeline, static (sp, _) => ChatPipelineFactory.Create(sp));
        services.TryAddSingleton<ImageChatEngine>();
        services.TryAddSingleton<IImageChatClient, ImageChatClient>();
    }

    private static void ConfigurePipeline(
        ResiliencePipelineBuilder builder,
        AddResiliencePipelineContext<string> context,
        Func<ImageChatResilienceOptions, ModelCallResilienceOptions> select)
    {
        builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
        builder.ConfigureTelemetry(ResilienceTelemetry.Create(
            context.ServiceProvider.GetService<IOptions<TelemetryOptions>>()?.Value,
            context.ServiceProvider.GetRequiredService<ILoggerFactory>()));
        context.EnableReloads<ImageChatResilienceOptions>();
        ModelCallPipeline.Configure(builder, select(context.GetOptions<ImageChatResilienceOptions>()));
    }

    /// <summary>Marks a collection ImageChat was added to, so that a second <c>AddImageChat</c> only adds configuration.</summary>
    private sealed class ImageChatMarker;

    private sealed class ServiceCollectionImageChatBuilder(IServiceCollection services) : IImageChatBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
