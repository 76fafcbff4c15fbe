using System.Collections.Concurrent;

namespace ImageChat.WebSample;

/// <summary>
/// A conversation the app serves: one turn at a time, and the images it may serve — the conversation's own, plus
/// those the running turn has saved but not yet committed.
/// </summary>
public sealed class ChatSession : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConcurrentDictionary<string, ConversationImage> _turnImages = new(StringComparer.Ordinal);
    private long _lastUsed;

    /// <summary>Initializes a new instance of the <see cref="ChatSession"/> class.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="lastUsed">When it was last asked for, as a <see cref="TimeProvider.GetTimestamp"/> value.</param>
    public ChatSession(IImageChatConversation conversation, long lastUsed)
    {
        Conversation = conversation;
        LastUsed = lastUsed;
    }

    /// <summary>The conversation.</summary>
    public IImageChatConversation Conversation { get; }

    /// <summary>When the conversation was last asked for, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    public long LastUsed
    {
        get => Volatile.Read(ref _lastUsed);
        set => Volatile.Write(ref _lastUsed, value);
    }

    /// <summary>Whether a turn is running.</summary>
    public bool IsTurnRunning => _turn.CurrentCount == 0;

    /// <summary>Starts a turn unless one is running; <see cref="EndTurn"/> ends it.</summary>
    /// <returns>Whether the turn may start.</returns>
    public bool TryBeginTurn() => _turn.Wait(0);

    /// <summary>Ends the running turn: images it saved are served from here on only if the turn committed them.</summary>
    public void EndTurn()
    {
        _turnImages.Clear();
        _turn.Release();
    }

    /// <summary>Notes an image the running turn saved, so that the page can show it before the turn completes.</summary>
    /// <param name="image">The saved image.</param>
    public void AddTurnImage(ConversationImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _turnImages[image.FileName] = image;
    }

    /// <summary>Finds an image of this conversation by file name.</summary>
    /// <param name="fileName">The file name, as in an image URL.</param>
    public ConversationImage? FindImage(string fileName) =>
        Conversation.Images.FirstOrDefault(i => i.FileName == fileName) ?? _turnImages.GetValueOrDefault(fileName);

    /// <inheritdoc />
    public void Dispose() => _turn.Dispose();
}
