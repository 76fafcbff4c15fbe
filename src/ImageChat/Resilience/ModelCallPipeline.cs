using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ImageChat;

/// <summary>
/// Builds a model-call pipeline from <see cref="ModelCallResilienceOptions"/>, outermost first: total timeout → retry →
/// circuit breaker → attempt timeout. The breaker sits inside the retry so that it counts every attempt, and the attempt
/// timeout inside the breaker so that a hung attempt counts as a failure. Runs model calls through it.
/// </summary>
internal static class ModelCallPipeline
{
    /// <summary>
    /// Runs one model call through <paramref name="pipeline"/>: each attempt's failure is translated (<see cref="ModelFailureTranslator"/>),
    /// and the pipeline's own refusals (timeout, open circuit) become <see cref="ModelCallException"/>.
    /// </summary>
    /// <remarks>
    /// Attempts run as outcomes of <see cref="object"/>, the result type of the untyped pipeline's retry and circuit
    /// breaker, so that Polly neither bridges each of them to <typeparamref name="T"/> nor wraps the callback; the
    /// context comes from Polly's pool, as <c>ExecuteAsync</c> would take it. The call travels as one reference, which
    /// each strategy's state machine keeps, rather than as a struct copied into every one. Every model call pays this path.
    /// </remarks>
    public static async Task<T> ExecuteAsync<T, TState>(
        this ResiliencePipeline pipeline,
        ModelFailureTranslator failures,
        ModelOperation operation,
        Func<TState, CancellationToken, Task<T>> attempt,
        TState state,
        CancellationToken cancellationToken)
        where T : class
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            Outcome<object> outcome = await pipeline.ExecuteOutcomeAsync(
                static (context, call) => call.AttemptAsync(context.CancellationToken),
                context,
                new PipelinedCall<T, TState>(failures, operation, attempt, state)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return (T)outcome.Result!;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ResilienceRejection.Translate(operation, ex) is { } translated)
        {
            throw translated;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public static void Configure(ResiliencePipelineBuilder builder, ModelCallResilienceOptions options)
    {
        if (!options.Enabled)
        {
            return;
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "TotalTimeout", Timeout = options.TotalTimeout });

        if (options.MaxRetryAttempts > 0) // Polly's retry needs at least one retry.
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                UseJitter = options.UseJitter,
                ShouldHandle = args => new ValueTask<bool>(TransientFailure.ShouldRetry(args.Outcome.Exception, options)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(TransientFailure.RequestedDelay(args.Outcome.Exception)),
            });
        }

        if (options.CircuitBreakerEnabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = "CircuitBreaker",
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(TransientFailure.IsTransient(args.Outcome.Exception)),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>One model call as the pipeline's strategies pass it on.</summary>
    private sealed class PipelinedCall<T, TState>(ModelFailureTranslator failures, ModelOperation operation, Func<TState, CancellationToken, Task<T>> attempt, TState state)
        where T : class
    {
        public ValueTask<Outcome<object>> AttemptAsync(CancellationToken attemptToken) => failures.AttemptAsync(operation, attempt, state, attemptToken);
    }
}
