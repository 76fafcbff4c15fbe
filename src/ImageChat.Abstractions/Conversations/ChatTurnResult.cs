using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// What one turn produced.
/// </summary>
public sealed record ChatTurnResult
{
    /// <summary>Gets the model's reply to the user; empty when the model refused (see <see cref="Refusal"/>) or was stopped (see <see cref="FinishReason"/>).</summary>
    public required string Text { get; init; }

    /// <summary>
    /// Gets why the model's last call stopped: <see cref="ChatFinishReason.Stop"/> for a complete reply,
    /// <see cref="ChatFinishReason.Length"/> when the reply was cut at the token limit, <see cref="ChatFinishReason.ContentFilter"/>
    /// when the provider's content filter stopped it; <see langword="null"/> when the provider did not say.
    /// </summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>
    /// Gets the model's refusal, when it refused to answer (OpenAI sends it in the message's <c>refusal</c> field instead of
    /// its content); <see langword="null"/> otherwise. Set <c>ImageChatOptions.ThrowOnRefusal</c> to get a
    /// <see cref="ChatRefusedException"/> instead.
    /// </summary>
    public string? Refusal { get; init; }

    /// <summary>Gets the images made in this turn.</summary>
    public required IReadOnlyList<ConversationImage> Images { get; init; }

    /// <summary>Gets what this turn consumed.</summary>
    public required UsageSummary Usage { get; init; }

    /// <summary>Gets the chat-model calls this turn took, in order.</summary>
    public required IReadOnlyList<ModelCall> Calls { get; init; }

    /// <summary>
    /// Gets the messages this turn added to the history: the user's message first, the reply last. They are the turn's own
    /// objects, not the history's: the conversation keeps deep copies, so changing these changes nothing in it.
    /// </summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
}
