using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// The chat model refused to answer, or the provider's content filter stopped its reply. Thrown only when
/// <c>ImageChatOptions.ThrowOnRefusal</c> is on; otherwise <see cref="ChatTurnResult.Refusal"/> and
/// <see cref="ChatTurnResult.FinishReason"/> say so. The history is as it was before the turn.
/// </summary>
public sealed class ChatRefusedException : ImageChatException
{
    /// <summary>Initializes a new instance of the <see cref="ChatRefusedException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="refusal">The model's refusal text, if it gave one.</param>
    /// <param name="finishReason">Why the model stopped, such as <see cref="ChatFinishReason.ContentFilter"/>.</param>
    public ChatRefusedException(string message, string? refusal, ChatFinishReason? finishReason)
        : base(message)
    {
        Refusal = refusal;
        FinishReason = finishReason;
    }

    /// <summary>Gets the model's refusal text, or <see langword="null"/> when the reply was stopped without one.</summary>
    public string? Refusal { get; }

    /// <summary>Gets why the model stopped, as the provider reported it.</summary>
    public ChatFinishReason? FinishReason { get; }
}
