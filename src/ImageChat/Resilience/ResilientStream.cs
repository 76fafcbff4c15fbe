using Polly;

namespace ImageChat;

/// <summary>
/// A model's stream started through a resilience pipeline: attempts are retried only until the first item arrives,
/// because once the caller has seen part of an answer (a chat chunk, an image preview) sending the request again would
/// show it twice. From then on a failure ends the stream, typed by the failure translation, and only the caller's token
/// can stop it, not the pipeline's timeouts.
/// </summary>
/// <typeparam name="T">The stream's items.</typeparam>
internal sealed class ResilientStream<T> : IAsyncDisposable
{
    private readonly IAsyncEnumerator<T> _items;
    private readonly CancellationTokenSource _cancellation;
    private readonly ModelFailureTranslator _failures;
    private readonly ModelOperation _operation;

    private ResilientStream(IAsyncEnumerator<T> items, bool hasFirst, CancellationTokenSource cancellation, ModelFailureTranslator failures, ModelOperation operation)
    {
        _items = items;
        HasCurrent = hasFirst;
        _cancellation = cancellation;
        _failures = failures;
        _operation = operation;
    }

    /// <summary>Gets a value indicating whether <see cref="Current"/> holds an item: the stream did not end.</summary>
    public bool HasCurrent { get; private set; }

    /// <summary>Gets the item the stream is at.</summary>
    public T Current => _items.Current;

    /// <summary>
    /// Opens the stream and waits for its first item (or its end) through the pipeline, retrying failed attempts as it
    /// would any model call (<see cref="ModelCallPipeline.ExecuteAsync"/>): failures come out typed, the pipeline's own
    /// refusals (a timeout, an open circuit) as <see cref="ModelCallException"/>.
    /// </summary>
    /// <param name="pipeline">The operation's resilience pipeline.</param>
    /// <param name="failures">Types what an attempt threw.</param>
    /// <param name="operation">Which model is called.</param>
    /// <param name="open">Opens one attempt's stream with the token that cancels it.</param>
    /// <param name="cancellationToken">The caller's token: it cancels the stream for its whole life.</param>
    public static Task<ResilientStream<T>> StartAsync(
        ResiliencePipeline pipeline,
        ModelFailureTranslator failures,
        ModelOperation operation,
        Func<CancellationToken, IAsyncEnumerable<T>> open,
        CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(
            failures,
            operation,
            static (s, attemptToken) => StartAttemptAsync(s.Open, s.Failures, s.Operation, attemptToken, s.CallerToken),
            (Open: open, CallerToken: cancellationToken, Failures: failures, Operation: operation),
            cancellationToken);

    /// <summary>Moves to the next item; a failure is not retried (the caller has seen part of the answer), but it is still typed.</summary>
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return HasCurrent = await _items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            HasCurrent = false;
            throw _failures.Translate(_operation, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _items.DisposeAsync().ConfigureAwait(false);
        _cancellation.Dispose();
    }

    private static async Task<ResilientStream<T>> StartAttemptAsync(
        Func<CancellationToken, IAsyncEnumerable<T>> open,
        ModelFailureTranslator failures,
        ModelOperation operation,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        // The stream outlives this attempt, while Polly reuses the attempt's token source afterwards: give the stream its
        // own source, tied to the attempt's token only until the first item.
        CancellationTokenSource streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        IAsyncEnumerator<T>? items = null;
        try
        {
            using (attemptToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), streamCancellation))
            {
                items = open(streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token);
                bool hasFirst = await items.MoveNextAsync().ConfigureAwait(false);
                return new ResilientStream<T>(items, hasFirst, streamCancellation, failures, operation);
            }
        }
        catch
        {
            if (items is not null)
            {
                await items.DisposeAsync().ConfigureAwait(false);
            }

            streamCancellation.Dispose();
            throw;
        }
    }
}
