using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ImageChat;

/// <summary>
/// Turns the pipeline's own refusals (a timeout, an open circuit) into <see cref="ModelCallException"/>, so that a caller
/// learns which model call failed and how, in ImageChat's terms rather than Polly's.
/// </summary>
internal static class ResilienceRejection
{
    /// <summary>Translates a refusal, or returns <see langword="null"/> when the failure is not one.</summary>
    public static ModelCallException? Translate(ModelOperation operation, Exception failure)
    {
        string what = operation == ModelOperation.Chat ? "chat model" : "image model";
        return failure switch
        {
            TimeoutRejectedException timeout => new ModelCallException(
                operation,
                ModelCallFailureKind.Timeout,
                $"The {what} did not answer within the timeout of {timeout.Timeout} (ImageChatResilienceOptions.{operation}: TotalTimeout, AttemptTimeout).",
                timeout),
            BrokenCircuitException broken => new ModelCallException(
                operation,
                ModelCallFailureKind.CircuitOpen,
                $"The {what} is not being called for now: too many of its recent calls failed (circuit breaker open, ImageChatResilienceOptions.{operation}.BreakDuration).",
                broken)
            {
                RetryAfter = broken.RetryAfter,
            },
            _ => null,
        };
    }
}
