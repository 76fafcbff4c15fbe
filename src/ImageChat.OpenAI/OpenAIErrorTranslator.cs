using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageChat;

/// <summary>
/// Turns what the OpenAI SDK throws into <see cref="ModelCallException"/>: status, provider error code, request id and
/// the server's requested wait, with the API key kept out of every message.
/// </summary>
internal sealed partial class OpenAIErrorTranslator
{
    private static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");
    private readonly string? _apiKey;
    private readonly Uri _endpoint;
    private readonly TimeProvider _timeProvider;

    public OpenAIErrorTranslator(string? apiKey, Uri? endpoint, TimeProvider timeProvider)
    {
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _endpoint = endpoint ?? OpenAIEndpoint;
        _timeProvider = timeProvider;
    }

    /// <summary>Translates a failure of a call, or returns <see langword="null"/> when it is not the provider's (caller cancellation, argument errors).</summary>
    public ModelCallException? Translate(ModelOperation operation, Exception exception, CancellationToken callerToken)
    {
        string what = operation == ModelOperation.Chat ? "chat model" : "image model";
        switch (exception)
        {
            case OperationCanceledException when callerToken.IsCancellationRequested:
                return null;

            case ClientResultException { Status: > 0 } http when http.GetRawResponse() is { } response:
                (string? code, string? message) = ReadError(response);
                return new ModelCallException(
                    operation,
                    ModelCallFailureKind.HttpError,
                    Redact($"The {what} call ({Request(operation)}) failed with HTTP {http.Status}{(code is null ? string.Empty : $" ({code})")}: {message ?? response.ReasonPhrase}{Hint(http.Status, code)}"),
                    null)
                {
                    StatusCode = http.Status,
                    ErrorCode = code,
                    RequestId = Header(response, "x-request-id"),
                    RetryAfter = RetryAfter(response),
                };

            case ClientResultException { InnerException: HttpRequestException inner }:
                return FromHttpRequestException(operation, what, inner);

            case HttpRequestException inner:
                return FromHttpRequestException(operation, what, inner);

            case OperationCanceledException or TimeoutException:
                return new ModelCallException(operation, ModelCallFailureKind.Timeout, $"The {what} did not answer within the network timeout.", null);

            case JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentOutOfRangeException:
                return new ModelCallException(operation, ModelCallFailureKind.InvalidResponse, Redact($"The {what} answered with a body that could not be read: {exception.Message}"), null);

            default:
                return null;
        }
    }

    private ModelCallException FromHttpRequestException(ModelOperation operation, string what, HttpRequestException exception)
    {
        // Only a failure to connect proves the request never reached the provider.
        ModelCallFailureKind kind = exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError
            ? ModelCallFailureKind.ConnectionFailed
            : ModelCallFailureKind.ConnectionLost;
        string happened = kind == ModelCallFailureKind.ConnectionFailed ? "could not connect" : "lost its connection";
        return new ModelCallException(operation, kind, Redact($"The {what} call {happened}: {exception.Message}"), null);
    }

    /// <summary>Names the request that failed: method and URL, which never hold the key (it travels in a header).</summary>
    private string Request(ModelOperation operation) =>
        $"POST {_endpoint.AbsoluteUri.TrimEnd('/')}/{(operation == ModelOperation.Chat ? "chat/completions" : "images/generations")}";

    /// <summary>Says what to check when the server does not know the path or the model: the two usual set-up mistakes.</summary>
    private string Hint(int status, string? code) => (status, code) switch
    {
        (404, "model_not_found") => " Check the model name (ImageChat:OpenAI:ChatModel or ImageModel).",
        (404, _) when !_endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal) =>
            " Check ImageChat:OpenAI:Endpoint: OpenAI-compatible servers usually serve the API below /v1, such as http://localhost:11434/v1.",
        (404, _) => " Check ImageChat:OpenAI:Endpoint and the model name.",
        _ => string.Empty,
    };

    private static (string? Code, string? Message) ReadError(PipelineResponse response)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(response.Content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string? code = error.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                string? type = error.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                string? message = error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return (code ?? type, message);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not an OpenAI error body (a proxy's HTML page, say): the status alone must do.
        }

        return (null, null);
    }

    private static string? Header(PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private TimeSpan? RetryAfter(PipelineResponse response) =>
        ModelCallException.ParseRetryAfter(Header(response, "retry-after-ms"), Header(response, "Retry-After"), _timeProvider.GetUtcNow());

    private string Redact(string message)
    {
        if (_apiKey is not null)
        {
            message = message.Replace(_apiKey, "***", StringComparison.Ordinal);
        }

        return KeyPattern().Replace(message, "sk-***");
    }

    [GeneratedRegex(@"sk-[A-Za-z0-9_\-\*]{4,}")]
    private static partial Regex KeyPattern();
}
