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

    /// <summary>
    /// Continues a conversation kept in the conversation store, by its id: the one another server (or an earlier run of
    /// this app) saved, or a new one under that id when the store has none. When this client still holds a conversation
    /// with that id, that object is returned, brought up to date.
    /// </summary>
    /// <remarks>
    /// Every turn catches up with the store before it sends, so conversations kept across requests stay current too;
    /// two servers sending on one conversation at once cannot both commit: the later save fails with
    /// <see cref="ConversationConcurrencyException"/> and changes nothing.
    /// </remarks>
    /// <param name="options">The conversation's id (required); the system prompt applies only when a new conversation is started, the chat options always.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The conversation, with the stored history.</returns>
    /// <exception cref="ArgumentException">The id is missing or not 1 to 128 letters, digits, '-' or '_', or a tool in the chat options is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    Task<IImageChatConversation> ResumeConversationAsync(ConversationOptions options, CancellationToken cancellationToken = default);

    /// <summary>Gets a conversation kept in the conversation store, or <see langword="null"/> when the store has none with that id.</summary>
    /// <param name="id">The conversation's id.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The conversation, with the stored history, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The id is not 1 to 128 letters, digits, '-' or '_'.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    Task<IImageChatConversation?> GetConversationAsync(string id, CancellationToken cancellationToken = default);
}
