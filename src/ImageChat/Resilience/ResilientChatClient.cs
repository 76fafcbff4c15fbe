using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;

namespace ImageChat;

/// <summary>
/// Runs each chat-model call through the chat resilience pipeline. Sits below the function-invocation loop, so a
/// retry re-sends one model call and never re-runs a tool. The pipeline's timeouts and open circuit surface as
/// <see cref="ModelCallException"/> for <see cref="ModelOperation.Chat"/>.
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;

    public ResilientChatClient(IChatClient innerClient, ResiliencePipeline pipeline)
        : base(innerClient) => _pipeline = pipeline;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] sent = [.. messages]; // Each attempt sends the same messages, even if the caller's enumerable is lazy.
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<ChatResponse>(state.Inner.GetResponseAsync(state.Sent, state.Options, ct)),
                (Inner: InnerClient, Sent: sent, Options: options),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ResilienceRejection.Translate(ModelOperation.Chat, ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Streams the answer. Attempts are retried only until the first update arrives: once the caller has seen part of an
    /// answer, a failure ends the stream. From then on only the caller's token can stop it, not the pipeline's timeouts.
    /// </summary>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatMessage[] sent = [.. messages];
        StartedStream stream = await StartStreamAsync(sent, options, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (!stream.HasFirst)
            {
                yield break;
            }

            yield return stream.Updates.Current;
            while (await stream.Updates.MoveNextAsync().ConfigureAwait(false))
            {
                yield return stream.Updates.Current;
            }
        }
    }

    private async Task<StartedStream> StartStreamAsync(ChatMessage[] sent, ChatOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static (state, attemptToken) => StartAttemptAsync(state.Inner, state.Sent, state.Options, attemptToken, state.CallerToken),
                (Inner: InnerClient, Sent: sent, Options: options, CallerToken: cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ResilienceRejection.Translate(ModelOperation.Chat, ex) is { } translated)
        {
            throw translated;
        }
    }

    private static async ValueTask<StartedStream> StartAttemptAsync(
        IChatClient inner, ChatMessage[] sent, ChatOptions? options, CancellationToken attemptToken, CancellationToken callerToken)
    {
        // The stream outlives this attempt, while Polly reuses the attempt's token source afterwards: give the stream its
        // own source, tied to the attempt's token only until the first update.
        CancellationTokenSource streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            using (attemptToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), streamCancellation))
            {
                updates = inner.GetStreamingResponseAsync(sent, options, streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token);
                bool hasFirst = await updates.MoveNextAsync().ConfigureAwait(false);
                return new StartedStream(updates, hasFirst, streamCancellation);
            }
        }
        catch
        {
            if (updates is not null)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }

            streamCancellation.Dispose();
            throw;
        }
    }

    /// <summary>A stream whose first update (if any) has arrived, with the token source that can still cancel it.</summary>
    private sealed class StartedStream(IAsyncEnumerator<ChatResponseUpdate> updates, bool hasFirst, CancellationTokenSource cancellation) : IAsyncDisposable
    {
        public IAsyncEnumerator<ChatResponseUpdate> Updates { get; } = updates;

        public bool HasFirst { get; } = hasFirst;

        public async ValueTask DisposeAsync()
        {
            await Updates.DisposeAsync().ConfigureAwait(false);
            cancellation.Dispose();
        }
    }
}
