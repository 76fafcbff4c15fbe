using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageChat.Tests.OpenAI;

/// <summary>The OpenAI provider on its own, over real HTTP on loopback, below ImageChat's resilience pipelines.</summary>
public sealed class OpenAIProviderTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-0123456789abcdef";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 21, 34, TimeSpan.Zero));
    private FakeOpenAIServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        _services = Provider(o =>
        {
            o.ApiKey = ApiKey;
            o.Endpoint = _server.Endpoint;
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private ServiceProvider Provider(Action<OpenAIImageChatOptions> configure)
    {
        ServiceCollection services = new();
        services.AddImageChat().UseOpenAI(configure).UseTimeProvider(_time);
        return services.BuildServiceProvider();
    }

    private IChatClient ChatModel => _services.GetRequiredKeyedService<IChatClient>(ImageChatServiceKeys.ChatModel);

    private ITextToImageGenerator ImageModel => _services.GetRequiredService<ITextToImageGenerator>();

    private static ChatOptions WithImageTool(IServiceProvider services) => new() { Tools = [.. services.GetRequiredService<IToolRegistry>().Tools] };

    [Fact]
    public async Task A_chat_request_is_what_OpenAI_expects()
    {
        _server.EnqueueChatJson(SeedLog.Calls[0].ResponseJson);

        await ChatModel.GetResponseAsync(
            [new(ChatRole.System, ImageChatDefaults.SystemPrompt), new(ChatRole.User, "create the image of a worm")],
            WithImageTool(_services));

        JsonNode expected = JsonNode.Parse("""
            {
              "messages": [
                { "role": "system", "content": "You are a helpful assistant that can generate images when requested. When a user asks for an image, use the generate_image tool to create it." },
                { "role": "user", "content": "create the image of a worm" }
              ],
              "model": "gpt-4o-mini",
              "tools": [
                {
                  "type": "function",
                  "function": {
                    "description": "Generate an image from a detailed text description.",
                    "name": "generate_image",
                    "parameters": {
                      "type": "object",
                      "required": [ "description" ],
                      "properties": {
                        "description": { "description": "A detailed description of the image to generate.", "type": "string" }
                      },
                      "additionalProperties": false
                    }
                  }
                },
                {
                  "type": "function",
                  "function": {
                    "description": "Edit an image made earlier in this conversation into a new image that keeps what the description does not change. Use it when the user asks to change, adjust or continue a picture already made (\"make it now ...\", \"change ...\", \"add ...\", \"go back to ...\"); use generate_image for a new, unrelated picture.",
                    "name": "edit_image",
                    "parameters": {
                      "type": "object",
                      "required": [ "description" ],
                      "properties": {
                        "description": { "description": "A detailed description of the whole edited image, not only of the change.", "type": "string" },
                        "image": {
                          "description": "The file name of the image to edit, such as generated_a59b3623.png, as a tool result named it; leave it out to edit the latest image.",
                          "type": [ "string", "null" ],
                          "default": null
                        }
                      },
                      "additionalProperties": false
                    }
                  }
                }
              ],
              "tool_choice": "auto"
            }
            """)!;
        FakeOpenAIServer.RecordedRequest request = Assert.Single(_server.ChatRequests);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body)), request.Body);
        Assert.Equal($"Bearer {ApiKey}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task The_raw_response_body_and_the_usage_are_kept()
    {
        string body = SeedLog.Calls[0].ResponseJson;
        _server.EnqueueChatJson(body);

        ChatResponse response = await ChatModel.GetResponseAsync([new(ChatRole.User, "create the image of a worm")], WithImageTool(_services));

        Assert.Equal(body, ModelResponseProperties.GetRawResponseBody(response));
        Assert.Equal(new TokenUsage(94, 63), TokenUsage.From(response.Usage));
        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("call_Jxe7CNhojlDQ7rtXKegWydDY", call.CallId);
    }

    [Fact]
    public async Task Cached_prompt_tokens_are_counted_on_the_call_the_turn_and_the_conversation()
    {
        string body = SeedLog.Calls[6].ResponseJson
            .Replace("\"cached_tokens\": 0", "\"cached_tokens\": 512", StringComparison.Ordinal);
        Assert.Contains("\"cached_tokens\": 512", body, StringComparison.Ordinal);
        _server.EnqueueChatJson(body);
        using IImageChatClient client = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test";
                o.Endpoint = _server.Endpoint;
            })
            .Build();
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync("make it now an elephant");

        Assert.Equal(512, Assert.Single(turn.Calls).Usage.CachedInputTokens);
        Assert.Equal(512, turn.Usage.Chat.CachedInputTokens);
        Assert.Equal(512, conversation.Usage.Chat.CachedInputTokens);
    }

    [Fact]
    public async Task An_image_request_carries_the_model_size_and_quality_and_keeps_the_usage()
    {
        await using ServiceProvider services = Provider(o =>
        {
            o.ApiKey = ApiKey;
            o.Endpoint = _server.Endpoint;
            o.ImageSize = "1536x1024";
            o.ImageQuality = "high";
        });
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(TestImageGenerator.PngBytes, inputTokens: 12, outputTokens: 4160));

        TextToImageResult image = await services.GetRequiredService<ITextToImageGenerator>().GenerateImageAsync(new TextToImageRequest("a worm"));

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{ "prompt": "a worm", "model": "gpt-image-1", "n": 1, "size": "1536x1024", "quality": "high" }"""),
            JsonNode.Parse(Assert.Single(_server.ImageRequests).Body)));
        Assert.Equal(TestImageGenerator.PngBytes, image.Data.ToArray());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(new TokenUsage(12, 4160), image.Usage);
        Assert.Null(image.RevisedPrompt);
    }

    [Fact]
    public async Task Dalle3_url_results_are_downloaded_without_the_api_key_and_the_revised_prompt_is_kept()
    {
        Uri url = _server.ServeFile("img-1.png", TestImageGenerator.PngBytes);
        _server.EnqueueImageJson($$"""{ "created": 1754292100, "data": [ { "url": "{{url}}", "revised_prompt": "A pink worm on dark soil." } ] }""");

        TextToImageResult image = await ImageModel.GenerateImageAsync(new TextToImageRequest("a worm"));

        Assert.Equal(TestImageGenerator.PngBytes, image.Data.ToArray());
        Assert.Equal("A pink worm on dark soil.", image.RevisedPrompt);
        Assert.Null(image.Usage);
        FakeOpenAIServer.RecordedRequest download = Assert.Single(_server.Requests, r => r.Path == "/files/img-1.png");
        Assert.False(download.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(429, "rate_limit_exceeded", "retry-after-ms", "1500", 1.5)]
    [InlineData(429, "insufficient_quota", null, null, null)]
    [InlineData(503, null, "Retry-After", "7", 7.0)]
    [InlineData(400, "content_policy_violation", null, null, null)]
    [InlineData(401, "invalid_api_key", null, null, null)]
    public async Task Http_errors_become_model_call_exceptions_that_say_what_failed(int status, string? code, string? header, string? value, double? retryAfterSeconds)
    {
        (string, string)[] headers = header is null ? [("x-request-id", "req_123")] : [("x-request-id", "req_123"), (header, value!)];
        string message = $"Incorrect API key provided: {ApiKey}. You can find your API key at https://platform.openai.com.";
        _server.EnqueueChat(FakeOpenAIServer.Json(status, FakeOpenAIServer.ErrorJson(message, "invalid_request_error", code), headers));

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => ChatModel.GetResponseAsync([new(ChatRole.User, "hi")]));

        Assert.Equal(ModelOperation.Chat, failure.Operation);
        Assert.Equal(ModelCallFailureKind.HttpError, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(code ?? "invalid_request_error", failure.ErrorCode);
        Assert.Equal("req_123", failure.RequestId);
        Assert.Equal(retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, failure.RetryAfter);
        Assert.DoesNotContain(ApiKey, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_after_date_is_read_against_the_injected_clock()
    {
        string date = _time.GetUtcNow().AddSeconds(30).ToString("r");
        _server.EnqueueImage(FakeOpenAIServer.Json(503, FakeOpenAIServer.ErrorJson("busy", "server_error", null), ("Retry-After", date)));

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => ImageModel.GenerateImageAsync(new TextToImageRequest("a worm")));

        Assert.Equal(ModelOperation.Image, failure.Operation);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
    }

    [Fact]
    public async Task The_sdk_itself_never_retries()
    {
        _server.EnqueueChat(FakeOpenAIServer.Json(500, FakeOpenAIServer.ErrorJson("boom", "server_error", null)));
        _server.EnqueueImage(FakeOpenAIServer.Json(503, FakeOpenAIServer.ErrorJson("busy", "server_error", null)));

        await Assert.ThrowsAsync<ModelCallException>(() => ChatModel.GetResponseAsync([new(ChatRole.User, "hi")]));
        await Assert.ThrowsAsync<ModelCallException>(() => ImageModel.GenerateImageAsync(new TextToImageRequest("a worm")));

        Assert.Single(_server.ChatRequests);
        Assert.Single(_server.ImageRequests);
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_failure()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using ServiceProvider services = Provider(o =>
        {
            o.ApiKey = ApiKey;
            o.Endpoint = new Uri($"http://127.0.0.1:{port}/v1");
        });

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(
            () => services.GetRequiredService<ITextToImageGenerator>().GenerateImageAsync(new TextToImageRequest("a worm")));

        Assert.Equal(ModelCallFailureKind.ConnectionFailed, failure.Kind);
        Assert.False(failure.MayHaveBeenProcessed);
        Assert.Null(failure.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_invalid_response()
    {
        _server.EnqueueChat(FakeOpenAIServer.Json(200, "{ this is not json"));

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => ChatModel.GetResponseAsync([new(ChatRole.User, "hi")]));

        Assert.Equal(ModelCallFailureKind.InvalidResponse, failure.Kind);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_stays_a_cancellation()
    {
        using CancellationTokenSource cts = new();
        _server.EnqueueChat(async context =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChatModel.GetResponseAsync([new(ChatRole.User, "hi")], cancellationToken: cts.Token));
    }

    [Fact]
    public void A_missing_api_key_is_reported_when_the_client_is_built()
    {
        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => new ImageChatBuilder().UseOpenAI().Build());

        Assert.Contains("ApiKey", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageChat:OpenAI:ApiKey"] = "from-config",
            ["ImageChat:OpenAI:Endpoint"] = "http://127.0.0.1:5000/v1",
            ["ImageChat:OpenAI:ChatModel"] = "llama3",
            ["ImageChat:OpenAI:ImageModel"] = "dall-e-3",
            ["ImageChat:OpenAI:ImageSize"] = "1024x1792",
        }).Build();
        ServiceCollection services = new();
        services.AddImageChat(configuration.GetSection("ImageChat")).UseOpenAI(configuration.GetSection("ImageChat:OpenAI"));
        using ServiceProvider provider = services.BuildServiceProvider();

        OpenAIImageChatOptions options = provider.GetRequiredService<IOptions<OpenAIImageChatOptions>>().Value;

        Assert.Equal("from-config", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:5000/v1"), options.Endpoint);
        Assert.Equal("llama3", options.ChatModel);
        Assert.Equal("dall-e-3", options.ImageModel);
        Assert.Equal("1024x1792", options.ImageSize);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("0x10")]
    [InlineData("10x")]
    public void Bad_settings_are_reported_with_their_keys_when_the_client_is_built(string size)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageSize"] = size,
            ["NetworkTimeout"] = "00:00:00",
            ["ChatModel"] = " ",
        }).Build();

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => new ImageChatBuilder().UseOpenAI(configuration).Build());

        Assert.Equal(
            [
                "ImageChat:OpenAI:ApiKey is required: set OpenAIImageChatOptions.ApiKey, the ImageChat:OpenAI:ApiKey setting or OPENAI_API_KEY. " +
                "Local OpenAI-compatible servers (Ollama, LM Studio, vLLM) accept any non-empty value.",
                "ChatModel: The ImageChat:OpenAI:ChatModel field is required.",
                "ImageSize: The field ImageChat:OpenAI:ImageSize must match the regular expression '^(auto|[1-9][0-9]*[xX][1-9][0-9]*)$'.",
                "NetworkTimeout: The field ImageChat:OpenAI:NetworkTimeout must be between 00:00:00.0010000 and 1.00:00:00.",
            ],
            failure.Failures);
    }
}
