using Polly.Timeout;

namespace ImageChat;

/// <summary>
/// Decides which failed attempts of a model call are worth another attempt, and how long the provider asked to wait.
/// </summary>
internal static class TransientFailure
{
    /// <summary>
    /// Tells whether a failure is the provider's passing trouble rather than a problem with the request: what the
    /// circuit breaker counts. Caller cancellation, refusals (400, 401, 403, 404) and an exhausted quota are not.
    /// </summary>
    public static bool IsTransient(Exception? failure) => failure switch
    {
        ModelCallException { Kind: ModelCallFailureKind.HttpError, StatusCode: 429, ErrorCode: "insufficient_quota" } => false,
        ModelCallException { Kind: ModelCallFailureKind.HttpError, StatusCode: 408 or 429 or 500 or 502 or 503 or 504 } => true,
        ModelCallException { Kind: ModelCallFailureKind.ConnectionFailed or ModelCallFailureKind.ConnectionLost or ModelCallFailureKind.Timeout or ModelCallFailureKind.InvalidResponse } => true,
        TimeoutRejectedException => true, // The attempt timeout; the total timeout sits outside the retry and never gets here.
        _ => false,
    };

    /// <summary>Tells whether a failed attempt is retried under these options.</summary>
    public static bool ShouldRetry(Exception? failure, ModelCallResilienceOptions options)
    {
        if (!IsTransient(failure))
        {
            return false;
        }

        if (failure is ModelCallException { RetryAfter: { } wait } && wait > options.MaxRetryAfter)
        {
            return false; // The provider asks for a longer wait than the caller accepts: fail now rather than hang.
        }

        bool mayHaveBeenProcessed = failure is TimeoutRejectedException or ModelCallException { MayHaveBeenProcessed: true };
        return !mayHaveBeenProcessed || options.RetryWhenPossiblyProcessed;
    }

    /// <summary>Gets the wait the provider asked for, or <see langword="null"/> to use the back-off.</summary>
    public static TimeSpan? RequestedDelay(Exception? failure) => (failure as ModelCallException)?.RetryAfter;
}
