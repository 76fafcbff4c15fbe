namespace ImageChat;

/// <summary>
/// The resilience of one kind of model call (<see cref="ImageChatResilienceOptions.Chat"/> or <see cref="ImageChatResilienceOptions.Image"/>):
/// timeouts, retries with exponential back-off, and a circuit breaker. Every setter validates its value.
/// </summary>
/// <remarks>
/// Defaults suit hosted LLM APIs: a chat answer rarely takes more than a minute, an image can take several, and rate
/// limits (HTTP 429) are common and say how long to wait. Retried: HTTP 408, 429, 500, 502, 503, 504, connection
/// failures, unreadable answers and attempt timeouts. Never retried: other statuses (400, such as a content-policy
/// refusal, 401, 403, 404), a 429 whose error code is <c>insufficient_quota</c>, and cancellation by the caller.
/// </remarks>
public sealed class ModelCallResilienceOptions
{
    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ShortestCircuitPeriod = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private TimeSpan _totalTimeout;
    private TimeSpan _attemptTimeout;
    private int _maxRetryAttempts;
    private TimeSpan _baseDelay = TimeSpan.FromSeconds(2);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(30);
    private TimeSpan _maxRetryAfter;
    private double _failureRatio = 0.5;
    private int _minimumThroughput = 10;
    private TimeSpan _samplingDuration = TimeSpan.FromMinutes(1);
    private TimeSpan _breakDuration = TimeSpan.FromSeconds(30);

    internal ModelCallResilienceOptions(ModelOperation operation)
    {
        Operation = operation;
        bool chat = operation == ModelOperation.Chat;
        _totalTimeout = chat ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(10);
        _attemptTimeout = chat ? TimeSpan.FromSeconds(100) : TimeSpan.FromMinutes(5);
        _maxRetryAttempts = chat ? 3 : 2;
        _maxRetryAfter = chat ? TimeSpan.FromSeconds(30) : TimeSpan.FromMinutes(1);
        RetryWhenPossiblyProcessed = chat;
    }

    /// <summary>Gets or sets a value indicating whether the pipeline is used at all; <see langword="false"/> calls the model directly. Default: <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets how long one model call may take with all its attempts and the waits between them; the call then
    /// fails with a <see cref="ModelCallException"/> of kind <see cref="ModelCallFailureKind.Timeout"/>.
    /// From 10 milliseconds to 1 day. Default: 3 minutes for chat, 10 minutes for images.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 10 milliseconds to 1 day.</exception>
    public TimeSpan TotalTimeout
    {
        get => _totalTimeout;
        set => _totalTimeout = InRange(value, ShortestTimeout, Longest);
    }

    /// <summary>
    /// Gets or sets how long one attempt may take before it is abandoned (and retried, if allowed). At most
    /// <see cref="TotalTimeout"/>. From 10 milliseconds to 1 day. Default: 100 seconds for chat, 5 minutes for images.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 10 milliseconds to 1 day.</exception>
    public TimeSpan AttemptTimeout
    {
        get => _attemptTimeout;
        set => _attemptTimeout = InRange(value, ShortestTimeout, Longest);
    }

    /// <summary>Gets or sets how many times a failed call is retried; 0 never retries. From 0 to 20. Default: 3 for chat, 2 for images.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0 to 20.</exception>
    public int MaxRetryAttempts
    {
        get => _maxRetryAttempts;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 20);
            _maxRetryAttempts = value;
        }
    }

    /// <summary>
    /// Gets or sets the wait before the first retry; it doubles for each next one (exponential back-off), unless the
    /// provider said how long to wait. At most <see cref="MaxDelay"/>. From 0 to 1 day. Default: 2 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0 to 1 day.</exception>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set => _baseDelay = InRange(value, TimeSpan.Zero, Longest);
    }

    /// <summary>Gets or sets the longest back-off wait between two attempts. From 0 to 1 day. Default: 30 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0 to 1 day.</exception>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set => _maxDelay = InRange(value, TimeSpan.Zero, Longest);
    }

    /// <summary>Gets or sets a value indicating whether back-off waits are randomized, so that many clients do not retry in step. Default: <see langword="true"/>.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Gets or sets the longest wait the provider may ask for (<c>Retry-After</c>, <c>retry-after-ms</c>,
    /// <see cref="ModelCallException.RetryAfter"/>) and still be retried after; a longer one fails the call at once.
    /// From 0 to 1 day. Default: 30 seconds for chat, 1 minute for images.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0 to 1 day.</exception>
    public TimeSpan MaxRetryAfter
    {
        get => _maxRetryAfter;
        set => _maxRetryAfter = InRange(value, TimeSpan.Zero, Longest);
    }

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
    /// <exception cref="ArgumentOutOfRangeException">The value is not above 0 and at most 1.</exception>
    public double FailureRatio
    {
        get => _failureRatio;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
            _failureRatio = value;
        }
    }

    /// <summary>Gets or sets how many attempts must have been made within <see cref="SamplingDuration"/> before the circuit may open. At least 2. Default: 10.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 2.</exception>
    public int MinimumThroughput
    {
        get => _minimumThroughput;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 2);
            _minimumThroughput = value;
        }
    }

    /// <summary>Gets or sets the window over which the circuit breaker counts failures. From 0.5 seconds to 1 day. Default: 1 minute.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0.5 seconds to 1 day.</exception>
    public TimeSpan SamplingDuration
    {
        get => _samplingDuration;
        set => _samplingDuration = InRange(value, ShortestCircuitPeriod, Longest);
    }

    /// <summary>Gets or sets how long an open circuit fails calls before it lets one through to test the provider. From 0.5 seconds to 1 day. Default: 30 seconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0.5 seconds to 1 day.</exception>
    public TimeSpan BreakDuration
    {
        get => _breakDuration;
        set => _breakDuration = InRange(value, ShortestCircuitPeriod, Longest);
    }

    /// <summary>Gets the kind of model call these options are for.</summary>
    internal ModelOperation Operation { get; }

    private static TimeSpan InRange(TimeSpan value, TimeSpan min, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, min, nameof(value));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, max, nameof(value));
        return value;
    }
}
