using System.ClientModel;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Polly;

namespace ImageChat;

/// <summary>
/// Describes whatever a provider threw as a <see cref="ModelCallException"/>, so that resilience decides the same way for
/// every provider and a turn's failure is always typed. A provider that already throws <see cref="ModelCallException"/>
/// is left as it is; <see cref="ImageChatResilienceOptions.ClassifyFailure"/> is asked before the built-in rules.
/// </summary>
internal sealed class ModelFailureTranslator
{
    private readonly Func<Exception, ModelOperation, ModelCallException?>? _classify;
    private readonly TimeProvider _timeProvider;

    public ModelFailureTranslator(Func<Exception, ModelOperation, ModelCallException?>? classify, TimeProvider timeProvider)
    {
        _classify = classify;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Runs one attempt as a Polly outcome, its failure translated. Cancellation of <paramref name="attemptToken"/> (the
    /// caller's, or the pipeline's attempt timeout) passes through untouched, so that Polly and the caller see it as such.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // Every attempt of every model call passes here: its state is reused, not allocated.
    public async ValueTask<Outcome<object>> AttemptAsync<T, TState>(ModelOperation operation, Func<TState, CancellationToken, Task<T>> attempt, TState state, CancellationToken attemptToken)
        where T : class
    {
        try
        {
            return Outcome.FromResult<object>(await attempt(state, attemptToken).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            return Outcome.FromException<object>(attemptToken.IsCancellationRequested ? ex : Translate(operation, ex));
        }
    }

    /// <summary>Describes a failure that did not come from cancelling the call.</summary>
    public ModelCallException Translate(ModelOperation operation, Exception failure)
    {
        if (failure is ModelCallException known)
        {
            return known;
        }

        if (_classify?.Invoke(failure, operation) is { } classified)
        {
            return classified;
        }

        string what = operation == ModelOperation.Chat ? "chat model" : "image model";
        return failure switch
        {
            HttpRequestException { StatusCode: { } status } http => new ModelCallException(
                operation, ModelCallFailureKind.HttpError, $"The {what} call failed with HTTP {(int)status} ({status}).", http)
            {
                StatusCode = (int)status,
            },
            HttpRequestException http => FromConnection(operation, what, http, http.HttpRequestError is
                HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError),
            ClientResultException { Status: > 0 } result => FromClientResult(operation, what, result),
            ClientResultException { InnerException: { } inner } => Translate(operation, inner),
            SocketException socket => FromConnection(operation, what, socket, ConnectionNeverMade(socket)),
            IOException { InnerException: SocketException socket } io => FromConnection(operation, what, io, ConnectionNeverMade(socket)),
            IOException io => FromConnection(operation, what, io, connectionNeverMade: false),

            // Not the caller's token and not the attempt timeout: the client's own network timeout.
            TimeoutException or OperationCanceledException => new ModelCallException(
                operation, ModelCallFailureKind.Timeout, $"The {what} did not answer within its client's network timeout.", failure),
            JsonException => new ModelCallException(
                operation, ModelCallFailureKind.InvalidResponse, $"The {what} answered with a body that could not be read.", failure),
            _ => new ModelCallException(
                operation, ModelCallFailureKind.Unclassified, $"The {what} call failed with {failure.GetType().Name}; see the inner exception.", failure),
        };
    }

    private ModelCallException FromClientResult(ModelOperation operation, string what, ClientResultException result)
    {
        System.ClientModel.Primitives.PipelineResponse? response = result.GetRawResponse();
        return new ModelCallException(operation, ModelCallFailureKind.HttpError, $"The {what} call failed with HTTP {result.Status}.", result)
        {
            StatusCode = result.Status,
            RequestId = Header(response, "x-request-id") ?? Header(response, "x-ms-request-id"),
            RetryAfter = ModelCallException.ParseRetryAfter(Header(response, "retry-after-ms"), Header(response, "Retry-After"), _timeProvider.GetUtcNow()),
        };
    }

    private static ModelCallException FromConnection(ModelOperation operation, string what, Exception failure, bool connectionNeverMade) =>
        connectionNeverMade
            ? new ModelCallException(operation, ModelCallFailureKind.ConnectionFailed, $"The {what} call could not connect.", failure)
            : new ModelCallException(operation, ModelCallFailureKind.ConnectionLost, $"The {what} call lost its connection.", failure);

    // Only a failure to connect proves the request never reached the provider.
    private static bool ConnectionNeverMade(SocketException socket) =>
        socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
            or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData;

    private static string? Header(System.ClientModel.Primitives.PipelineResponse? response, string name) =>
        response is not null && response.Headers.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
