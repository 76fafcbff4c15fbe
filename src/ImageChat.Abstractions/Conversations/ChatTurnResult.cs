using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// What one turn produced.
/// </summary>
public sealed record ChatTurnResult
{
    /// <summary>Gets the model's reply to the user.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the images made in this turn.</summary>
    public required IReadOnlyList<ConversationImage> Images { get; init; }

    /// <summary>Gets what this turn consumed.</summary>
    public required UsageSummary Usage { get; init; }

    /// <summary>Gets the chat-model calls this turn took, in order.</summary>
    public required IReadOnlyList<ModelCall> Calls { get; init; }

    /// <summary>Gets the messages this turn added to the history: the user's message first, the reply last.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
}
