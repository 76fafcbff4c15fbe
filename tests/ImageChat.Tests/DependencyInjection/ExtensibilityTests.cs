using System.ClientModel;
using System.ClientModel.Primitives;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace ImageChat.Tests.DependencyInjection;

/// <summary>What an app plugs into ImageChat: its own chat middleware, its OpenAI client or HTTP client factory; and the errors that say what to fix.</summary>
public sealed class ExtensibilityTests : IAsyncLifetime, IDisposable
{
    private const string ApiKey = "sk-test-extensibility-0123456789";
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task Chat_middleware_sees_each_model_call_once_above_retries_and_the_call_log_records_what_it_sent()
    {
        List<int> seen = [];
        StringWriter callLog = new();
        _server.EnqueueChatJson(SeedLog.Calls[0].ResponseJson)
            .EnqueueChat(FakeOpenAIServer.Json(503, FakeOpenAIServer.ErrorJson("Overloaded.", "server_error", null)))
            .EnqueueChatJson(SeedLog.Calls[1].ResponseJson)
            .EnqueueImageJson(FakeOpenAIServer.ImageJson(TestImageGenerator.PngBytes));
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseOpenAI(o =>
            {
                o.ApiKey = ApiKey;
                o.Endpoint = _server.Endpoint;
            })
            .ConfigureResilience(o => o.Chat.BaseDelay = TimeSpan.Zero)
            .UseCallLog(callLog)
            .ConfigureChatPipeline(pipeline => pipeline.Use(async (messages, options, next, cancellationToken) =>
            {
                lock (seen)
                {
                    seen.Add(messages.Count());
                }

                await next([.. messages, new ChatMessage(ChatRole.System, "Answer briefly.")], options, cancellationToken);
            }))
            .Build();

        await client.StartConversation().SendAsync(SeedLog.UserMessages[0]);

        Assert.Equal([2, 4], seen); // Two model calls, each once, though the second was sent twice.
        Assert.Equal(3, _server.ChatRequests.Count);
        Assert.All(_server.ChatRequests, r => Assert.Equal("Answer briefly.", r.Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()));
        Assert.Equal(2, callLog.ToString().Split("\"content\": \"Answer briefly.\"").Length - 1);
    }

    [Fact]
    public async Task UseOpenAI_with_the_apps_own_client_needs_no_api_key_option_and_sends_through_that_client()
    {
        OpenAIClient openAI = new(new ApiKeyCredential(ApiKey), new OpenAIClientOptions
        {
            Endpoint = _server.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            UserAgentApplicationId = "my-app",
        });
        _server.EnqueueChatJson(SeedLog.Calls[2].ResponseJson);
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseOpenAI(openAI, o => o.ChatModel = "gpt-4o")
            .Build();

        ChatTurnResult turn = await client.StartConversation().SendAsync("hello");

        Assert.NotEmpty(turn.Text);
        FakeOpenAIServer.RecordedRequest request = Assert.Single(_server.ChatRequests);
        Assert.Equal("gpt-4o", request.Json.GetProperty("model").GetString());
        Assert.StartsWith("my-app", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal($"Bearer {ApiKey}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task With_an_IHttpClientFactory_in_the_services_requests_go_through_the_named_ImageChat_OpenAI_client()
    {
        _server.EnqueueChatJson(SeedLog.Calls[2].ResponseJson);
        ServiceCollection services = new();
        services.AddHttpClient(OpenAIImageChatOptions.HttpClientName)
            .ConfigureHttpClient(http => http.DefaultRequestHeaders.Add("X-Through-Factory", "yes"));
        services.AddImageChat(o => o.ImageDirectory = _images.Path).UseOpenAI(o =>
        {
            o.ApiKey = ApiKey;
            o.Endpoint = _server.Endpoint;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IImageChatClient>().StartConversation().SendAsync("hello");

        Assert.Equal("yes", Assert.Single(_server.ChatRequests).Headers["X-Through-Factory"]);
    }

    [Theory]
    [InlineData("", " Check ImageChat:OpenAI:Endpoint: OpenAI-compatible servers usually serve the API below /v1, such as http://localhost:11434/v1.")]
    [InlineData("/v1", " Check ImageChat:OpenAI:Endpoint and the model name.")]
    public async Task A_404_names_the_request_and_hints_at_the_endpoint_never_the_key(string path, string hint)
    {
        Uri endpoint = new(_server.Endpoint.GetLeftPart(UriPartial.Authority) + path);
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseOpenAI(o =>
            {
                o.ApiKey = ApiKey;
                o.Endpoint = endpoint;
                o.ChatModel = "unknown-model";
            })
            .Build();
        if (path == "/v1")
        {
            _server.EnqueueChat(FakeOpenAIServer.Json(404, FakeOpenAIServer.ErrorJson("Not found.", "invalid_request_error", null)));
        }

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => client.StartConversation().SendAsync("hello"));

        Assert.Equal(404, failure.StatusCode);
        Assert.StartsWith($"The chat model call (POST {endpoint.AbsoluteUri.TrimEnd('/')}/chat/completions) failed with HTTP 404", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith(hint, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_the_server_does_not_know_is_named_as_the_thing_to_check()
    {
        _server.EnqueueChat(FakeOpenAIServer.Json(404, FakeOpenAIServer.ErrorJson("The model 'gpt-5x' does not exist.", "invalid_request_error", "model_not_found")));
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseOpenAI(o =>
            {
                o.ApiKey = ApiKey;
                o.Endpoint = _server.Endpoint;
            })
            .Build();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => client.StartConversation().SendAsync("hello"));

        Assert.Equal("model_not_found", failure.ErrorCode);
        Assert.EndsWith("The model 'gpt-5x' does not exist. Check the model name (ImageChat:OpenAI:ChatModel or ImageModel).", failure.Message, StringComparison.Ordinal);
    }
}
