using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ImageChat.Tests.Resilience;

/// <summary>The retry predicate on its own: what is worth another attempt, under the chat and the image defaults.</summary>
public sealed class TransientFailureTests
{
    private static readonly ImageChatResilienceOptions Defaults = new();

    private static ModelCallException Http(int status, string? code = null, TimeSpan? retryAfter = null) =>
        new(ModelOperation.Chat, ModelCallFailureKind.HttpError, "failed") { StatusCode = status, ErrorCode = code, RetryAfter = retryAfter };

    private static ModelCallException Failed(ModelCallFailureKind kind) => new(ModelOperation.Image, kind, "failed");

    public static TheoryData<Exception, bool, bool> Cases() => new()
    {
        // failure, retried for chat, retried for images
        { Http(408), true, true },
        { Http(429, "rate_limit_exceeded"), true, true },
        { Http(429, "rate_limit_exceeded", TimeSpan.FromSeconds(20)), true, true },
        { Http(429, "rate_limit_exceeded", TimeSpan.FromSeconds(45)), false, true }, // Beyond chat's 30 s cap, within the image's minute.
        { Http(429, "insufficient_quota"), false, false },
        { Http(500), true, true },
        { Http(502), true, true },
        { Http(503), true, true },
        { Http(504), true, true },
        { Http(400, "content_policy_violation"), false, false },
        { Http(400), false, false },
        { Http(401, "invalid_api_key"), false, false },
        { Http(403), false, false },
        { Http(404, "model_not_found"), false, false },
        { Failed(ModelCallFailureKind.ConnectionFailed), true, true },
        { Failed(ModelCallFailureKind.ConnectionLost), true, false },
        { Failed(ModelCallFailureKind.Timeout), true, false },
        { Failed(ModelCallFailureKind.InvalidResponse), true, false },
        { Failed(ModelCallFailureKind.CircuitOpen), false, false },
        { new TimeoutRejectedException(), true, false },
        { new BrokenCircuitException(), false, false },
        { new OperationCanceledException(), false, false },
        { new InvalidOperationException(), false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_transient_failures_are_retried(Exception failure, bool chat, bool image)
    {
        Assert.Equal(chat, TransientFailure.ShouldRetry(failure, Defaults.Chat));
        Assert.Equal(image, TransientFailure.ShouldRetry(failure, Defaults.Image));
    }

    [Fact]
    public void The_wait_the_provider_asked_for_is_the_delay()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), TransientFailure.RequestedDelay(Http(429, retryAfter: TimeSpan.FromSeconds(7))));
        Assert.Null(TransientFailure.RequestedDelay(Http(503)));
        Assert.Null(TransientFailure.RequestedDelay(new TimeoutRejectedException()));
    }
}
