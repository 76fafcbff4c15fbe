using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace ImageChat;

/// <summary>
/// Owns the one <see cref="OpenAIClient"/> of an ImageChat client and makes its chat model and image generator.
/// The SDK's own retry is off: ImageChat's Polly pipelines are the only retry layer.
/// </summary>
internal sealed class OpenAIProvider : IDisposable
{
    private readonly OpenAIClient _client;
    private readonly HttpClient _downloads;
    private readonly OpenAIImageChatOptions _options;
    private readonly OpenAIErrorTranslator _errors;

    public OpenAIProvider(IOptions<OpenAIImageChatOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        OpenAIClientOptions clientOptions = new()
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = _options.NetworkTimeout,
        };
        if (_options.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        clientOptions.AddPolicy(RawResponseCapture.Policy, PipelinePosition.PerCall);
        _client = new OpenAIClient(new ApiKeyCredential(_options.ApiKey!), clientOptions);
        _downloads = new HttpClient { Timeout = _options.NetworkTimeout };
        _errors = new OpenAIErrorTranslator(_options.ApiKey, timeProvider);
    }

    public IChatClient CreateChatClient() =>
        new OpenAIChatModelClient(_client.GetChatClient(_options.ChatModel).AsIChatClient(), _errors);

    public ITextToImageGenerator CreateImageGenerator() =>
        new OpenAITextToImageGenerator(_client.GetImageClient(_options.ImageModel), _downloads, _options, _errors);

    public void Dispose() => _downloads.Dispose();
}
