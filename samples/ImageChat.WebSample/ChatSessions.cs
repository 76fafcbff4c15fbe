using System.Collections.Concurrent;

namespace ImageChat.WebSample;

/// <summary>
/// The conversations this app serves, by id: the ones this instance started or served, and any other the conversation
/// store holds (saved by another instance, or before a restart), which the first request for it picks up.
/// </summary>
public sealed class ChatSessions(IImageChatClient client) : IDisposable
{
    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Starts a new conversation.</summary>
    public ChatSession Start()
    {
        ChatSession session = new(client.StartConversation());
        _sessions[session.Conversation.Id] = session;
        return session;
    }

    /// <summary>Finds a conversation by id, in this instance or in the conversation store.</summary>
    /// <param name="id">The conversation's id, as the page sends it.</param>
    /// <param name="cancellationToken">Cancels the store's load.</param>
    /// <returns>The conversation, or <see langword="null"/> when there is none with that id.</returns>
    public async Task<ChatSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(id, out ChatSession? known))
        {
            return known;
        }

        IImageChatConversation? stored;
        try
        {
            stored = await client.GetConversationAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return null; // Not an id ImageChat accepts, so no conversation's.
        }

        if (stored is null)
        {
            return null;
        }

        lock (_gate) // One session, and so one turn at a time, however many requests find the conversation at once.
        {
            return _sessions.GetOrAdd(id, static (_, conversation) => new ChatSession(conversation), stored);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (ChatSession session in _sessions.Values)
        {
            session.Dispose();
        }
    }
}
