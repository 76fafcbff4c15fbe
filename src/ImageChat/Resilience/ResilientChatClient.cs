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
    private readonly ModelFailureTranslator _failures;

    public ResilientChatClient(IChatClient innerClient, ResiliencePipeline pipeline, ModelFailureTranslator failures)
        : base(innerClient)
    {
        _pipeline = pipeline;
        _failures = failures;
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Each attempt sends the same messages, even if the caller's enumerable is lazy; the call tracking above already
        // hands over an array it never changes.
        ChatMessage[] sent = messages as ChatMessage[] ?? [.. messages];
        return _pipeline.ExecuteAsync(
            _failures,
            ModelOperation.Chat,
            static (s, t) => s.Inner.GetResponseAsync(s.Sent, s.Options, t),
            (Inner: InnerClient, Sent: sent, Options: options),
            cancellationToken);
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
            while (await NextAsync(stream.Updates, cancellationToken).ConfigureAwait(false))
            {
                yield return stream.Updates.Current;
            }
        }
    }

    /// <summary>Moves to the next update; once the caller has seen part of the answer a failure is not retried, but it is still typed.</summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> updates, CancellationToken cancellationToken)
    {
        try
        {
            return await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw _failures.Translate(ModelOperation.Chat, ex);
        }
    }

    private Task<StartedStream> StartStreamAsync(ChatMessage[] sent, ChatOptions? options, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            _failures,
            ModelOperation.Chat,
            static (s, attemptToken) => StartAttemptAsync(s.Inner, s.Sent, s.Options, attemptToken, s.CallerToken),
            (Inner: InnerClient, Sent: sent, Options: options, CallerToken: cancellationToken),
            cancellationToken);

    private static async Task<StartedStream> StartAttemptAsync(
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
