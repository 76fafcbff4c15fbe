namespace ImageChat;

/// <summary>
/// A call to the chat model or the image model failed. Providers translate their own errors into this exception,
/// so that resilience and callers work the same for every provider.
/// </summary>
/// <remarks>The message never contains the API key or an authorization header.</remarks>
public sealed class ModelCallException : ImageChatException
{
    /// <summary>Initializes a new instance of the <see cref="ModelCallException"/> class.</summary>
    /// <param name="operation">Which model call failed.</param>
    /// <param name="kind">How it failed.</param>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="innerException">The provider's exception, if any.</param>
    public ModelCallException(ModelOperation operation, ModelCallFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Operation = operation;
        Kind = kind;
    }

    /// <summary>Gets which model call failed.</summary>
    public ModelOperation Operation { get; }

    /// <summary>Gets how the call failed.</summary>
    public ModelCallFailureKind Kind { get; }

    /// <summary>Gets the HTTP status the provider answered with, when it answered.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the provider's error code, such as <c>insufficient_quota</c> or <c>content_policy_violation</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Gets the provider's request id (for OpenAI, the <c>x-request-id</c> header), to quote to its support.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets how long the provider asked to wait before trying again (<c>retry-after-ms</c> or <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Gets a value indicating whether the provider may have done the work despite the failure
    /// (a timeout or a broken connection after the request was sent, or a success answer that could not be read).
    /// Such a call is not blindly resent for images.
    /// </summary>
    public bool MayHaveBeenProcessed => Kind is ModelCallFailureKind.ConnectionLost or ModelCallFailureKind.Timeout or ModelCallFailureKind.InvalidResponse;

    /// <summary>
    /// Reads how long a server asked to wait from its <c>retry-after-ms</c> header (milliseconds, as OpenAI and Azure
    /// send it) or, failing that, its <c>Retry-After</c> header (seconds or an HTTP date); for providers that build
    /// <see cref="RetryAfter"/>.
    /// </summary>
    /// <param name="retryAfterMilliseconds">The <c>retry-after-ms</c> header's value, or <see langword="null"/>.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header's value, or <see langword="null"/>.</param>
    /// <param name="now">The current time, to turn an HTTP date into a wait.</param>
    /// <returns>The wait, or <see langword="null"/> when neither header holds a valid value.</returns>
    public static TimeSpan? ParseRetryAfter(string? retryAfterMilliseconds, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMilliseconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset date))
        {
            TimeSpan wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
