using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageChat;

/// <summary>
/// Chooses where conversations are kept between turns, shared by <c>services.AddImageChat()</c> and <see cref="ImageChatBuilder"/>.
/// Without a call the <c>ImageChat:ConversationStore</c> configuration decides, and with none of it conversations are kept in memory.
/// </summary>
public static class ConversationStoreBuilderExtensions
{
    /// <summary>Keeps conversations in a store of your own; replaces any set before.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseConversationStore<TBuilder>(this TBuilder builder, IConversationStore store)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(store);
        return builder.UseConversationStore(_ => store);
    }

    /// <summary>Keeps conversations in a store made from the services; replaces any set before.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Makes the store, once.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseConversationStore<TBuilder>(this TBuilder builder, Func<IServiceProvider, IConversationStore> factory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IConversationStore>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Keeps conversations as JSON files in a folder (see <see cref="FileSystemConversationStore"/>); sets <see cref="ConversationStoreOptions.Directory"/>.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The folder; created on the first save.</param>
    /// <returns>The builder.</returns>
    public static TBuilder UseConversationDirectory<TBuilder>(this TBuilder builder, string directory)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        builder.Services.Configure<ConversationStoreOptions>(o => o.Directory = directory);
        return builder;
    }

    /// <summary>The default store, chosen by <see cref="ConversationStoreOptions"/>.</summary>
    internal static IConversationStore CreateConfiguredStore(IServiceProvider services)
    {
        ConversationStoreOptions options = services.GetRequiredService<IOptions<ConversationStoreOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            throw new InvalidOperationException(
                "ImageChat:ConversationStore:Redis is set, but the Redis conversation store is not added: reference the ImageChat.Redis package and call UseRedisConversationStore() (it reads that setting).");
        }

        return string.IsNullOrWhiteSpace(options.Directory)
            ? new InMemoryConversationStore(services.GetRequiredService<TimeProvider>())
            : new FileSystemConversationStore(options.Directory, services.GetRequiredService<TimeProvider>());
    }
}
