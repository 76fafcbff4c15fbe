using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ImageChat;

/// <summary>
/// Records each chat-model call of a turn (number, kind, messages, response, usage), streamed or not, and hands it to the call-log sinks.
/// Sits below the function-invocation loop and above resilience, so that it sees each logical call once, retries hidden.
/// </summary>
internal sealed class ModelCallTrackingChatClient : DelegatingChatClient
{
    private readonly ICallLogSink[] _sinks;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ModelCallTrackingChatClient(IChatClient innerClient, IEnumerable<ICallLogSink> sinks, TimeProvider timeProvider, ILogger<ModelCallTrackingChatClient> logger)
        : base(innerClient)
    {
        _sinks = [.. sinks];
        _timeProvider = timeProvider;
        _logger = logger;
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
        await RecordAsync(turn, sent, response, startedAt, started, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>
    /// Passes a streamed call's updates on as they arrive and records the call once the stream ends, its response
    /// assembled from the updates: a streamed call is logged and counted like a buffered one.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TurnContext? turn = TurnContext.Current;
        ChatMessage[] sent = [.. messages];
        DateTimeOffset startedAt = _timeProvider.GetLocalNow();
        long started = _timeProvider.GetTimestamp();
        List<ChatResponseUpdate> received = [];
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(sent, options, cancellationToken).ConfigureAwait(false))
        {
            if (turn is not null)
            {
                received.Add(update);
            }

            yield return update;
        }

        if (turn is not null)
        {
            await RecordAsync(turn, sent, received.ToChatResponse(), startedAt, started, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(TurnContext turn, ChatMessage[] sent, ChatResponse response, DateTimeOffset startedAt, long started, CancellationToken cancellationToken)
    {
        ModelCall call = new()
        {
            Number = turn.Conversation.NextCallNumber(),
            Kind = TurnContext.KindOf(sent),
            StartedAt = startedAt,
            Duration = _timeProvider.GetElapsedTime(started),
            RequestMessages = new MessageSnapshot(sent), // sent holds the history's own messages: hand out copies.
            Response = response,
            Usage = TokenUsage.From(response.Usage),
        };
        turn.AddCall(call);
        try
        {
            Log.ModelCallCompleted(_logger, call.Number, call.Kind, turn.Conversation.Id, call.Duration.TotalMilliseconds, call.Usage.InputTokens, call.Usage.OutputTokens);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                string messagesJson = CallLogFormatter.FormatMessages(sent);
                string responseJson = CallLogFormatter.FormatResponse(call);
                Log.ModelCallContents(_logger, call.Number, turn.Conversation.Id, messagesJson, responseJson);
            }
        }
        catch (Exception)
        {
            // The call succeeded and was paid for: a logger that throws must not fail the turn (and cannot report itself).
        }

        foreach (ICallLogSink sink in _sinks)
        {
            try
            {
                await sink.WriteAsync(turn.Conversation.Id, call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The call succeeded and was paid for: a full disk or a broken sink must not fail the turn.
                Log.CallLogWriteFailed(_logger, sink.GetType().Name, call.Number, turn.Conversation.Id, ex);
            }
        }
    }
}
