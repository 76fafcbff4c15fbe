using System.Collections.Concurrent;

namespace ImageChat.WebSample;

/// <summary>
/// The conversations this app serves, by id: the ones this instance started or served lately, and any other the
/// conversation store holds (saved by another instance, before a restart, or let go here after
/// <see cref="IdleLifetime"/>), which the first request for it picks up again.
/// </summary>
public sealed class ChatSessions(IImageChatClient client, TimeProvider timeProvider) : IDisposable
{
    /// <summary>
    /// How long this instance keeps a session after its last request: 30 minutes. The store keeps the conversation
    /// itself, so a later request finds it again; a conversation with no message yet was never saved and is gone.
    /// </summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>When a request last looked for idle sessions, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    private long _lastSweep;

    /// <summary>Starts a new conversation.</summary>
    public ChatSession Start()
    {
        long now = SweepIfDue();
        ChatSession session = new(client.StartConversation(), now);
        _sessions[session.Conversation.Id] = session;
        return session;
    }

    /// <summary>Finds a conversation by id, in this instance or in the conversation store.</summary>
    /// <param name="id">The conversation's id, as the page sends it.</param>
    /// <param name="cancellationToken">Cancels the store's load.</param>
    /// <returns>The conversation, or <see langword="null"/> when there is none with that id.</returns>
    public async Task<ChatSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        long now = SweepIfDue();
        if (_sessions.TryGetValue(id, out ChatSession? known))
        {
            known.LastUsed = now;
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
            ChatSession session = _sessions.GetOrAdd(id, static (_, found) => new ChatSession(found.Conversation, found.Now), (Conversation: stored, Now: now));
            session.LastUsed = now;
            return session;
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

    /// <summary>
    /// Lets go of the sessions idle for <see cref="IdleLifetime"/> and not running a turn, at most once a minute, so that
    /// a long-running app keeps only its recent conversations. Returns the current timestamp.
    /// </summary>
    private long SweepIfDue()
    {
        long now = timeProvider.GetTimestamp();
        lock (_gate)
        {
            if (timeProvider.GetElapsedTime(_lastSweep, now) < TimeSpan.FromMinutes(1))
            {
                return now;
            }

            _lastSweep = now;
            foreach ((string id, ChatSession session) in _sessions)
            {
                if (!session.IsTurnRunning && timeProvider.GetElapsedTime(session.LastUsed, now) >= IdleLifetime)
                {
                    // Not disposed: a request that found it a moment ago may still use it (its semaphore holds no handle).
                    _sessions.TryRemove(new KeyValuePair<string, ChatSession>(id, session));
                }
            }
        }

        return now;
    }
}
