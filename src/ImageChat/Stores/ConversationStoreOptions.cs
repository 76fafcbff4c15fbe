namespace ImageChat;

/// <summary>
/// Which conversation store ImageChat uses, bound from the <c>ImageChat:ConversationStore</c> configuration section:
/// <see cref="Redis"/> selects Redis, <see cref="Directory"/> a folder, neither the in-memory store.
/// </summary>
public sealed class ConversationStoreOptions
{
    /// <summary>The configuration section below <c>ImageChat</c> these options are bound from: <c>ConversationStore</c>.</summary>
    public const string ConfigurationSectionName = "ConversationStore";

    /// <summary>
    /// Gets or sets a StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c>, to keep conversations in Redis.
    /// Needs the <c>ImageChat.Redis</c> package and its <c>UseRedisConversationStore()</c>. Default: <see langword="null"/>.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Gets or sets a folder to keep conversations in, one JSON file each (see <see cref="FileSystemConversationStore"/>). Default: <see langword="null"/>.</summary>
    public string? Directory { get; set; }
}
