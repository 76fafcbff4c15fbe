namespace ImageChat;

/// <summary>
/// The entry point of ImageChat: starts conversations with a chat model that can make images.
/// </summary>
/// <remarks>
/// Get one from <c>ImageChatBuilder.Build</c> or, with dependency injection, from
/// <c>services.AddImageChat()</c>. It is thread-safe; conversations are independent of each other.
/// Disposing it disposes what it owns (for a built client, its services); afterwards it and its conversations throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public interface IImageChatClient : IDisposable
{
    /// <summary>Starts a new, empty conversation.</summary>
    /// <param name="options">The conversation's system prompt and id; <see langword="null"/> for the defaults.</param>
    /// <returns>The conversation.</returns>
    /// <exception cref="ArgumentException">
    /// The id is not 1 to 128 letters, digits, '-' or '_'; another conversation of this client that is still referenced
    /// has the same id; or a tool in <see cref="ConversationOptions.ChatOptions"/> has a name OpenAI refuses, the name of
    /// another tool, or a name reserved for ImageChat's built-in tools.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    IImageChatConversation StartConversation(ConversationOptions? options = null);
}
