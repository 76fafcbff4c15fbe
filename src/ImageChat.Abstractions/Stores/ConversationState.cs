using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// A conversation as data: what an <see cref="IConversationStore"/> keeps so that the conversation can be continued
/// later, in another process or on another server. <see cref="ConversationStateSerializer"/> writes and reads its
/// documented JSON form (docs/conversation-state.md).
/// </summary>
/// <remarks>
/// A restored conversation sends exactly the requests the original would have sent: the messages keep the model's own
/// tool-call argument text and the tool results as the model read them.
/// </remarks>
public sealed record ConversationState
{
    /// <summary>Gets the conversation's id.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// Gets the version: how many times the conversation was saved. A state that was never saved has version 0;
    /// <see cref="IConversationStore.SaveAsync"/> stores version <c>n</c> only over version <c>n - 1</c>.
    /// </summary>
    public required long Version { get; init; }

    /// <summary>Gets the system prompt; empty when the conversation sends none. It is not part of <see cref="Messages"/>.</summary>
    public required string SystemPrompt { get; init; }

    /// <summary>Gets the messages of every completed turn, oldest first, without the system prompt.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Gets the images made by the completed turns, oldest first: references, never bytes.</summary>
    public required IReadOnlyList<ConversationImage> Images { get; init; }

    /// <summary>Gets everything the conversation consumed so far, including turns that failed after spending tokens.</summary>
    public required UsageSummary Usage { get; init; }

    /// <summary>Gets when this version was saved, by the saving client's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
