using ImageChat.Samples.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageChat.WebSample;

/// <summary>
/// The web sample's wiring: ImageChat from the <c>ImageChat</c> configuration section (OpenAI when an API key is
/// configured, the offline demo models otherwise; conversations in memory, or in Redis or a folder when
/// <c>ImageChat:ConversationStore</c> says so), the conversations by id, the chat API and the one static page.
/// </summary>
public static class WebSampleSetup
{
    /// <summary>How long the in-memory store keeps a conversation after its last use: a day.</summary>
    public static readonly TimeSpan InMemoryConversationLifetime = TimeSpan.FromDays(1);

    /// <summary>The setting that keeps conversations in Redis: <c>ImageChat:ConversationStore:Redis</c>.</summary>
    private const string RedisKey = $"{ImageChatDefaults.ConfigurationSectionName}:{ConversationStoreOptions.ConfigurationSectionName}:{nameof(ConversationStoreOptions.Redis)}";

    /// <summary>The setting that keeps conversations in a folder: <c>ImageChat:ConversationStore:Directory</c>.</summary>
    private const string DirectoryKey = $"{ImageChatDefaults.ConfigurationSectionName}:{ConversationStoreOptions.ConfigurationSectionName}:{nameof(ConversationStoreOptions.Directory)}";

    /// <summary>Adds the sample's services.</summary>
    /// <param name="builder">The web application builder, its configuration sources in place.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddWebSample(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        IImageChatBuilder imageChat = builder.Services
            .AddImageChat(builder.Configuration.GetSection(ImageChatDefaults.ConfigurationSectionName))
            .UseOpenAIOrDemo(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[RedisKey]))
        {
            imageChat.UseRedisConversationStore(); // Reads that setting; every instance of the app then serves every conversation.
        }
        else if (string.IsNullOrWhiteSpace(builder.Configuration[DirectoryKey]))
        {
            // In memory, a conversation nobody uses for a day is forgotten: an app that runs for months must not keep them all.
            imageChat.UseConversationStore(static services => new InMemoryConversationStore(services.GetRequiredService<TimeProvider>())
            {
                SlidingExpiration = InMemoryConversationLifetime,
            });
        }

        builder.Services.AddSingleton<ChatSessions>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebSampleJsonContext.Default));

        // An unreadable body reaches the exception handler below in every environment, which answers it in a sentence.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>Adds the sample's middleware and endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseWebSample(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // In every environment: a failed request gets one sentence, never a stack trace (which could show configuration).
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            Exception? exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            bool unreadable = exception is BadHttpRequestException;
            if (exception is not null)
            {
                Log.RequestFailed(app.Logger, context.Request.Method, context.Request.Path, exception);
            }

            context.Response.StatusCode = unreadable ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(
                new ErrorView(unreadable
                    ? "The request could not be read: send JSON such as {\"text\": \"create the image of a worm\"}."
                    : "Something went wrong on the server; the details are in its log."),
                WebSampleJsonContext.Default.ErrorView).ConfigureAwait(false);
        }));
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapChat();
        return app;
    }
}
