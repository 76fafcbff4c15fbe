using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ImageChat;

/// <summary>
/// Builds a model-call pipeline from <see cref="ModelCallResilienceOptions"/>, outermost first: total timeout → retry →
/// circuit breaker → attempt timeout. The breaker sits inside the retry so that it counts every attempt, and the attempt
/// timeout inside the breaker so that a hung attempt counts as a failure.
/// </summary>
internal static class ModelCallPipeline
{
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
}
