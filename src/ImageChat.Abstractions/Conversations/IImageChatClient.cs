namespace ImageChat;

/// <summary>
/// The entry point of ImageChat: starts conversations with a chat model that can make images.
/// </summary>
/// <remarks>
/// Get one from <c>ImageChatBuilder.Build</c> or, with dependency injection, from
/// <c>services.AddImageChat()</c>. It is thread-safe; conversations are independent of each other.
/// Disposing it disposes what it owns (for a built client, its services).
/// </remarks>
public interface IImageChatClient : IDisposable
{
    /// <summary>Starts a new, empty conversation.</summary>
    /// <param name="options">The conversation's system prompt and id; <see langword="null"/> for the defaults.</param>
    /// <returns>The conversation.</returns>
    IImageChatConversation StartConversation(ConversationOptions? options = null);
}
