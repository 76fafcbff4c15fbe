using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Keeps ImageChat's conversations in Redis, so that every server of an app continues the same conversations.
/// </summary>
public static class RedisConversationStoreBuilderExtensions
{
    /// <summary>
    /// Keeps conversations in Redis; replaces any conversation store set before. The connection is opened on first use
    /// and closed with the client (or the service provider).
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the options; the configuration string defaults to the <c>ImageChat:ConversationStore:Redis</c> setting.</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// builder.UseRedisConversationStore(o =>
    /// {
    ///     o.Configuration = "127.0.0.1:6379";
    ///     o.SlidingExpiration = TimeSpan.FromDays(7);
    /// });
    /// </code>
    /// </example>
    public static TBuilder UseRedisConversationStore<TBuilder>(this TBuilder builder, Action<RedisConversationStoreOptions>? configure = null)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        OptionsBuilder<RedisConversationStoreOptions> options = builder.Services.AddOptions<RedisConversationStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IOptions<ConversationStoreOptions>>(static (o, store) => o.Configuration ??= store.Value.Redis);
        return builder.UseConversationStore(static sp => new RedisConversationStore(sp.GetRequiredService<IOptions<RedisConversationStoreOptions>>().Value));
    }

    /// <summary>Keeps conversations in the Redis that a StackExchange.Redis configuration string names.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The configuration string, such as <c>127.0.0.1:6379</c>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseRedisConversationStore<TBuilder>(this TBuilder builder, string configuration)
        where TBuilder : IImageChatBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return builder.UseRedisConversationStore(o => o.Configuration = configuration);
    }
}
