namespace ImageChat;

/// <summary>
/// A conversation could not be saved because another turn (on this server or another) saved it first. Nothing was
/// written: the stored conversation is the other turn's. Resume the conversation to see it, then send again if still wanted.
/// </summary>
public sealed class ConversationConcurrencyException : ImageChatException
{
    /// <summary>Initializes a new instance of the <see cref="ConversationConcurrencyException"/> class.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <param name="expectedVersion">The version the save expected to replace (0: none stored).</param>
    /// <param name="actualVersion">The version the store holds (0: none stored).</param>
    public ConversationConcurrencyException(string conversationId, long expectedVersion, long actualVersion)
        : base($"Conversation '{conversationId}' was changed by another turn: this save expected stored version {expectedVersion}, the store holds version {actualVersion}{(actualVersion == 0 ? " (nothing: deleted or expired)" : string.Empty)}. Nothing was saved; resume the conversation and send again.")
    {
        ConversationId = conversationId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the conversation's id.</summary>
    public string ConversationId { get; }

    /// <summary>Gets the version the save expected to replace (0: none stored).</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version the store holds (0: none stored).</summary>
    public long ActualVersion { get; }
}
