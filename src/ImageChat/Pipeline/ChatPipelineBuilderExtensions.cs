using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ImageChat;

/// <summary>
/// Adds your own chat middleware to ImageChat's pipeline, shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>.
/// </summary>
public static class ChatPipelineBuilderExtensions
{
    /// <summary>
    /// Adds middleware to the chat pipeline, right below the function-invocation loop:
    /// loop → <b>your middleware</b> → telemetry and call log → resilience → provider.
    /// </summary>
    /// <remarks>
    /// Your middleware sees each model call of a turn once (retries happen below it, and tool calls above it), and the call
    /// log records the messages as your middleware passed them on: what the provider was sent. Calls chain; middleware
    /// added first sits outermost, as with <see cref="ChatClientBuilder.Use(Func{IChatClient, IChatClient})"/>.
    /// </remarks>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adds middleware with <see cref="ChatClientBuilder.Use(Func{IChatClient, IChatClient})"/> and its overloads.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.ConfigureChatPipeline(pipeline => pipeline.Use(inner => new MyRedactingChatClient(inner)));
    /// </code>
    /// </example>
    public static TBuilder ConfigureChatPipeline<TBuilder>(this TBuilder builder, Action<ChatClientBuilder> configure)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddSingleton(new ChatPipelineConfiguration(configure));
        return builder;
    }
}
