namespace ImageChat;

/// <summary>What a conversation store holds of a conversation, against the version a conversation object has.</summary>
/// <param name="Newer">The stored state when it is newer than the object's, for the object to adopt; otherwise <see langword="null"/>.</param>
/// <param name="IsStored">Whether the store holds any version of the conversation: it does not once the conversation was deleted or expired.</param>
internal readonly record struct StoredConversation(ConversationState? Newer, bool IsStored);
