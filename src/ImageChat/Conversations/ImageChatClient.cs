using System.Buffers;

namespace ImageChat;

/// <summary>
/// The default <see cref="IImageChatClient"/>.
/// </summary>
internal sealed class ImageChatClient : IImageChatClient
{
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    private readonly ImageChatEngine _engine;

    public ImageChatClient(ImageChatEngine engine) => _engine = engine;

    /// <summary>Gets or sets what this client owns and disposes with itself: the services of a client built by <see cref="ImageChatBuilder"/>.</summary>
    internal IDisposable? OwnedServices { get; set; }

    public IImageChatConversation StartConversation(ConversationOptions? options = null)
    {
        string id = options?.Id ?? Guid.CreateVersion7(_engine.TimeProvider.GetUtcNow()).ToString("N");
        if (id.Length == 0 || id.Length > 128 || id.AsSpan().ContainsAnyExcept(IdCharacters))
        {
            throw new ArgumentException("A conversation id is 1 to 128 letters, digits, '-' or '_' (it names the call log file).", nameof(options));
        }

        return new ImageChatConversation(_engine, id, options?.SystemPrompt ?? _engine.Options.SystemPrompt, options?.ChatOptions);
    }

    public void Dispose() => OwnedServices?.Dispose();
}
