namespace ImageChat;

/// <summary>
/// Receives every completed chat-model call of every conversation, in the order they complete within a conversation.
/// Implement it to keep the call log somewhere of your own; <c>CallLogFormatter</c> renders a call in the call-log format.
/// A sink that throws is logged and skipped: it never fails a turn.
/// </summary>
public interface ICallLogSink
{
    /// <summary>Writes one call.</summary>
    /// <param name="conversationId">The id of the conversation the call belongs to.</param>
    /// <param name="modelCall">The call.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the call is written.</returns>
    ValueTask WriteAsync(string conversationId, ModelCall modelCall, CancellationToken cancellationToken = default);
}
