using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace ImageChat;

/// <summary>
/// Owns the one <see cref="OpenAIClient"/> of an ImageChat client (or uses the app's, when it gives one) and makes its chat
/// model and image generator. The SDK's own retry is off in a client made here: ImageChat's Polly pipelines are the only
/// retry layer. With an <see cref="IHttpClientFactory"/> in the services, HTTP goes through its named client
/// <see cref="OpenAIImageChatOptions.HttpClientName"/>.
/// </summary>
internal sealed class OpenAIProvider : IDisposable
{
    private readonly OpenAIClient _client;
    private readonly HttpClient _downloads;
    private readonly bool _ownsDownloads;
    private readonly OpenAIImageChatOptions _options;
    private readonly OpenAIErrorTranslator _errors;

    public OpenAIProvider(IOptions<OpenAIImageChatOptions> options, TimeProvider timeProvider, SuppliedOpenAIClient? supplied, IHttpClientFactory? httpClients)
    {
        _options = options.Value;
        _client = supplied?.Client ?? CreateClient(_options, httpClients);

        // dall-e-3 answers with a URL on a storage host: the download goes through the app's named client too, when it has one.
        _ownsDownloads = httpClients is null;
        _downloads = httpClients?.CreateClient(OpenAIImageChatOptions.HttpClientName) ?? new HttpClient();
        _downloads.Timeout = _options.NetworkTimeout;
        _errors = new OpenAIErrorTranslator(_options.ApiKey, _options.Endpoint, timeProvider);
    }

    public IChatClient CreateChatClient() =>
        new OpenAIChatModelClient(_client.GetChatClient(_options.ChatModel).AsIChatClient(), _errors);

    public ITextToImageGenerator CreateImageGenerator() =>
        new OpenAITextToImageGenerator(_client.GetImageClient(_options.ImageModel), _downloads, _options, _errors);

    public void Dispose()
    {
        if (_ownsDownloads)
        {
            _downloads.Dispose();
        }
    }

    private static OpenAIClient CreateClient(OpenAIImageChatOptions options, IHttpClientFactory? httpClients)
    {
        OpenAIClientOptions clientOptions = new()
        {
            // ImageChat's Polly pipelines are the only retry layer: the SDK's retry slot holds the raw-body capture, which
            // sends each request once (a retry policy of no retries would still add its own frames to every call).
            RetryPolicy = RawResponseCapture.Policy,
            NetworkTimeout = options.NetworkTimeout,

            // ImageChat logs each model call itself (call log, [LoggerMessage] records, telemetry), without user text; the
            // SDK's client-wide logging would add a logging policy to every request and log request and response lines.
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false },
        };
        if (options.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        if (httpClients is not null)
        {
            // The app's handlers (proxies, certificates, its own logging) apply; the factory owns the handler's lifetime.
            clientOptions.Transport = new HttpClientPipelineTransport(httpClients.CreateClient(OpenAIImageChatOptions.HttpClientName), enableLogging: false, loggerFactory: null);
        }

        return new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions);
    }
}
