using System.Collections.Concurrent;

namespace ImageChat.WebSample;

/// <summary>The conversations this app serves, by id.</summary>
public sealed class ChatSessions(IImageChatClient client) : IDisposable
{
    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a new conversation.</summary>
    public ChatSession Start()
    {
        ChatSession session = new(client.StartConversation());
        _sessions[session.Conversation.Id] = session;
        return session;
    }

    /// <summary>Finds a conversation by id.</summary>
    /// <param name="id">The conversation's id, as the page sends it.</param>
    /// <returns>The conversation, or <see langword="null"/> when there is none with that id.</returns>
    public ChatSession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (ChatSession session in _sessions.Values)
        {
            session.Dispose();
        }
    }
}
