using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace ImageChat.Benchmarks;

/// <summary>What every contender shares: the models, a key the loopback server accepts, the SDK client set up as ImageChat sets it up.</summary>
internal static class Contenders
{
    public const string ApiKey = "sk-benchmark";
    public const string ChatModel = "gpt-4o-mini";
    public const string ImageModel = "gpt-image-1";

    /// <summary>An SDK client with its own retry off, as ImageChat's provider has it, optionally over a given HTTP client.</summary>
    public static OpenAIClient CreateOpenAIClient(Uri endpoint, HttpClient? transport = null)
    {
        OpenAIClientOptions options = new()
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (transport is not null)
        {
            options.Transport = new HttpClientPipelineTransport(transport);
        }

        return new OpenAIClient(new ApiKeyCredential(ApiKey), options);
    }
}
