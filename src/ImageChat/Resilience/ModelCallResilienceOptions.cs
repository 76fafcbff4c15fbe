using System.ComponentModel.DataAnnotations;

namespace ImageChat;

/// <summary>
/// The resilience of one kind of model call (<see cref="ImageChatResilienceOptions.Chat"/> or <see cref="ImageChatResilienceOptions.Image"/>):
/// timeouts, retries with exponential back-off, and a circuit breaker. Validated, with each value's configuration key, when the client is built.
/// </summary>
/// <remarks>
/// Defaults suit hosted LLM APIs: a chat answer rarely takes more than a minute, an image can take several, and rate
/// limits (HTTP 429) are common and say how long to wait. Retried: HTTP 408, 429, 500, 502, 503, 504, connection
/// failures, unreadable answers and attempt timeouts. Never retried: other statuses (400, such as a content-policy
/// refusal, 401, 403, 404), a 429 whose error code is <c>insufficient_quota</c>, and cancellation by the caller.
/// </remarks>
public sealed class ModelCallResilienceOptions
{
    internal ModelCallResilienceOptions(ModelOperation operation)
    {
        Operation = operation;
        bool chat = operation == ModelOperation.Chat;
        TotalTimeout = chat ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(10);
        AttemptTimeout = chat ? TimeSpan.FromSeconds(100) : TimeSpan.FromMinutes(5);
        MaxRetryAttempts = chat ? 3 : 2;
        MaxRetryAfter = chat ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(1);
        RetryWhenPossiblyProcessed = chat;

        // The breaker's window spans at least two attempt timeouts, so that hung attempts are counted in one window.
        SamplingDuration = chat ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(10);
    }

    /// <summary>Gets or sets a value indicating whether the pipeline is used at all; <see langword="false"/> calls the model directly. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets how long one model call may take with all its attempts and the waits between them; the call then
    /// fails with a <see cref="ModelCallException"/> of kind <see cref="ModelCallFailureKind.Timeout"/>.
    /// From 10 milliseconds to 1 day. Default: 3 minutes for chat, 10 minutes for images.
    /// </summary>
    [TimeSpanRange("00:00:00.010", "1.00:00:00")]
    public TimeSpan TotalTimeout { get; set; }

    /// <summary>
    /// Gets or sets how long one attempt may take before it is abandoned (and retried, if allowed). At most
    /// <see cref="TotalTimeout"/>. From 10 milliseconds to 1 day. Default: 100 seconds for chat, 5 minutes for images.
    /// </summary>
    [TimeSpanRange("00:00:00.010", "1.00:00:00")]
    public TimeSpan AttemptTimeout { get; set; }

    /// <summary>Gets or sets how many times a failed call is retried; 0 never retries. From 0 to 20. Default: 3 for chat, 2 for images.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; }

    /// <summary>
    /// Gets or sets the wait before the first retry; it doubles for each next one (exponential back-off), unless the
    /// provider said how long to wait. At most <see cref="MaxDelay"/>. From 0 to 1 day. Default: 2 seconds.
    /// </summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the longest back-off wait between two attempts. From 0 to 1 day. Default: 30 seconds.</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether back-off waits are randomized, so that many clients do not retry in step. Default: <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest wait the provider may ask for (<c>Retry-After</c>, <c>retry-after-ms</c>,
    /// <see cref="ModelCallException.RetryAfter"/>) and still be retried after; a longer one fails the call at once.
    /// From 0 to 1 day. Default: 30 seconds for chat, 1 minute for images.
    /// </summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a call the provider may already have processed is retried: an attempt
    /// that timed out after the request was sent, a connection lost mid-answer, an answer that could not be read
    /// (<see cref="ModelCallException.MayHaveBeenProcessed"/>). Retrying such an image call may pay for a second image.
    /// Default: <see langword="true"/> for chat, <see langword="false"/> for images.
    /// </summary>
    public bool RetryWhenPossiblyProcessed { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the circuit breaker is used: when too many attempts fail, calls fail at once
    /// with <see cref="ModelCallFailureKind.CircuitOpen"/> for <see cref="BreakDuration"/>. Default: <see langword="true"/>.
    /// </summary>
    public bool CircuitBreakerEnabled { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts, within <see cref="SamplingDuration"/>, that opens the circuit. Above 0, at most 1. Default: 0.5.</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts must have been made within <see cref="SamplingDuration"/> before the circuit may open. At least 2. Default: 10.</summary>
    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the window over which the circuit breaker counts failures. From 0.5 seconds to 1 day. At least twice <see cref="AttemptTimeout"/>. Default: 4 minutes for chat, 10 minutes for images.</summary>
    [TimeSpanRange("00:00:00.500", "1.00:00:00")]
    public TimeSpan SamplingDuration { get; set; }

    /// <summary>Gets or sets how long an open circuit fails calls before it lets one through to test the provider. From 0.5 seconds to 1 day. Default: 30 seconds.</summary>
    [TimeSpanRange("00:00:00.500", "1.00:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the kind of model call these options are for.</summary>
    internal ModelOperation Operation { get; }
}
