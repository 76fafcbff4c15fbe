using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Records each chat-model call of a turn (number, kind, messages, response, usage) and hands it to the call-log sinks.
/// Sits below the function-invocation loop and above resilience, so that it sees each logical call once, retries hidden.
/// </summary>
internal sealed class ModelCallTrackingChatClient : DelegatingChatClient
{
    private readonly ICallLogSink[] _sinks;
    private readonly TimeProvider _timeProvider;

    public ModelCallTrackingChatClient(IChatClient innerClient, IEnumerable<ICallLogSink> sinks, TimeProvider timeProvider)
        : base(innerClient)
    {
        _sinks = [.. sinks];
        _timeProvider = timeProvider;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (TurnContext.Current is not { } turn)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        ChatMessage[] sent = [.. messages];
        DateTimeOffset startedAt = _timeProvider.GetLocalNow();
        long started = _timeProvider.GetTimestamp();
        ChatResponse response = await base.GetResponseAsync(sent, options, cancellationToken).ConfigureAwait(false);

        ModelCall call = new()
        {
            Number = turn.Conversation.NextCallNumber(),
            Kind = TurnContext.KindOf(sent),
            StartedAt = startedAt,
            Duration = _timeProvider.GetElapsedTime(started),
            RequestMessages = sent,
            Response = response,
        };
        turn.AddCall(call);
        foreach (ICallLogSink sink in _sinks)
        {
            await sink.WriteAsync(turn.Conversation.Id, call, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
