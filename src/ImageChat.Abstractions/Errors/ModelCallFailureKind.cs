namespace ImageChat;

/// <summary>
/// How a model call failed; decides whether sending it again is safe.
/// </summary>
public enum ModelCallFailureKind
{
    /// <summary>The provider answered with an HTTP error status (see <see cref="ModelCallException.StatusCode"/>).</summary>
    HttpError,

    /// <summary>No connection could be made: the request never reached the provider.</summary>
    ConnectionFailed,

    /// <summary>The connection broke after the request was sent: the provider may have processed it.</summary>
    ConnectionLost,

    /// <summary>No answer came in time: the provider may have processed the request.</summary>
    Timeout,

    /// <summary>The provider answered with success but the body could not be read: it processed the request.</summary>
    InvalidResponse,

    /// <summary>
    /// The call was not made: too many recent calls to this model failed, so ImageChat's circuit breaker stops calling it
    /// for a while (see <c>ModelCallResilienceOptions.BreakDuration</c>).
    /// </summary>
    CircuitOpen,

    /// <summary>
    /// The provider failed in a way ImageChat does not recognise (see the inner exception); not retried. Describe your
    /// provider's failures with <c>ImageChatResilienceOptions.ClassifyFailure</c> to have them retried.
    /// </summary>
    Unclassified,
}
