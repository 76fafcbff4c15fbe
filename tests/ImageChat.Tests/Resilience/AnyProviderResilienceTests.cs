using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Resilience;

/// <summary>
/// Resilience does not depend on the OpenAI provider: a chat client and an image generator of someone else's, speaking
/// plain HTTP (HttpClient, EnsureSuccessStatusCode) to a loopback server, get the same retries and typed failures.
/// </summary>
public sealed class AnyProviderResilienceTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
    private readonly TempDirectory _images = new();
    private readonly HttpClient _http = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _images.Dispose();
    }

    [Fact]
    public async Task A_chat_client_throwing_HttpRequestException_503_twice_is_retried_and_the_turn_completes()
    {
        _server.EnqueueChat(ServiceUnavailable()).EnqueueChat(ServiceUnavailable()).EnqueueChatJson(Reply("Hello!"));
        using IImageChatClient client = Build();

        ChatTurnResult turn = await client.StartConversation().SendAsync("hi");

        Assert.Equal("Hello!", turn.Text);
        Assert.Equal(3, _server.ChatRequests.Count);
        Assert.All(_server.ChatRequests, r => Assert.Equal(_server.ChatRequests[0].Body, r.Body));
    }

    [Fact]
    public async Task A_401_from_a_plain_http_chat_client_fails_the_turn_as_ModelCallException_on_the_first_attempt()
    {
        _server.EnqueueChat(FakeOpenAIServer.Json(401, """{"error":"bad key"}"""));
        using IImageChatClient client = Build();
        IImageChatConversation conversation = client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync("hi"));

        Assert.Equal(ModelOperation.Chat, failure.Operation);
        Assert.Equal(ModelCallFailureKind.HttpError, failure.Kind);
        Assert.Equal(401, failure.StatusCode);
        Assert.IsType<HttpRequestException>(failure.InnerException);
        Assert.Single(_server.ChatRequests);
        Assert.Single(conversation.History); // The system prompt alone: the turn was rolled back.
    }

    [Fact]
    public async Task A_plain_http_image_generator_answering_503_is_retried_and_the_image_saved_once()
    {
        _server.EnqueueChatJson(SeedLog.Calls[0].ResponseJson).EnqueueChatJson(Reply("Here is your worm."));
        _server.EnqueueImage(ServiceUnavailable()).EnqueueImageJson(FakeOpenAIServer.ImageJson(Png));
        using IImageChatClient client = Build();

        ChatTurnResult turn = await client.StartConversation().SendAsync("create the image of a worm");

        Assert.Equal(2, _server.ImageRequests.Count);
        ConversationImage image = Assert.Single(turn.Images);
        Assert.Equal(Png, await File.ReadAllBytesAsync(image.Location));
        Assert.Single(Directory.GetFiles(_images.Path));
    }

    [Fact]
    public async Task A_chat_client_that_cannot_connect_fails_as_ConnectionFailed_after_its_retries()
    {
        using TcpListener closed = new(IPAddress.Loopback, 0);
        closed.Start();
        Uri nowhere = new($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}/v1");
        closed.Stop(); // Nothing listens there any more: connections are refused.
        using IImageChatClient client = Build(endpoint: nowhere);

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => client.StartConversation().SendAsync("hi"));

        Assert.Equal(ModelCallFailureKind.ConnectionFailed, failure.Kind);
        Assert.Equal(ModelOperation.Chat, failure.Operation);
    }

    [Fact]
    public async Task An_unknown_exception_is_Unclassified_and_not_retried()
    {
        int calls = 0;
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseChatClient(new TestChatClient { GetResponseAsyncCallback = (_, _, _) => { calls++; throw new InvalidOperationException("provider bug"); } })
            .UseImageGenerator(new TestImageGenerator())
            .ConfigureResilience(NoBackOff)
            .Build();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => client.StartConversation().SendAsync("hi"));

        Assert.Equal(ModelCallFailureKind.Unclassified, failure.Kind);
        Assert.Equal("provider bug", failure.InnerException!.Message);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ClassifyFailure_describes_a_providers_own_exception_so_that_it_is_retried()
    {
        int calls = 0;
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseChatClient(new TestChatClient
            {
                GetResponseAsyncCallback = (_, _, _) => ++calls == 1
                    ? throw new BusyException()
                    : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"))),
            })
            .UseImageGenerator(new TestImageGenerator())
            .ConfigureResilience(o =>
            {
                NoBackOff(o);
                o.ClassifyFailure = (exception, operation) => exception is BusyException
                    ? new ModelCallException(operation, ModelCallFailureKind.HttpError, "Busy.", exception) { StatusCode = 503 }
                    : null;
            })
            .Build();

        ChatTurnResult turn = await client.StartConversation().SendAsync("hi");

        Assert.Equal("done", turn.Text);
        Assert.Equal(2, calls);
    }

    private static void NoBackOff(ImageChatResilienceOptions options)
    {
        foreach (ModelCallResilienceOptions call in (ModelCallResilienceOptions[])[options.Chat, options.Image])
        {
            call.BaseDelay = TimeSpan.Zero;
            call.UseJitter = false;
        }
    }

    private static Func<Microsoft.AspNetCore.Http.HttpContext, Task> ServiceUnavailable() =>
        FakeOpenAIServer.Json(503, """{"error":"overloaded"}""");

    private static string Reply(string text)
    {
        JsonNode response = JsonNode.Parse(SeedLog.Calls[1].ResponseJson)!;
        response["choices"]![0]!["message"]!["content"] = text;
        return response.ToJsonString();
    }

    private IImageChatClient Build(Uri? endpoint = null) =>
        new ImageChatBuilder(o => o.ImageDirectory = _images.Path)
            .UseChatClient(new PlainHttpChatClient(_http, endpoint ?? _server.Endpoint))
            .UseImageGenerator(new PlainHttpImageGenerator(_http, endpoint ?? _server.Endpoint))
            .ConfigureResilience(NoBackOff)
            .Build();

    private sealed class BusyException : Exception;

    /// <summary>A minimal chat client of someone else's: plain HttpClient, OpenAI's JSON, EnsureSuccessStatusCode.</summary>
    private sealed class PlainHttpChatClient(HttpClient http, Uri endpoint) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            JsonArray wire = [];
            foreach (ChatMessage message in messages)
            {
                foreach (FunctionResultContent result in message.Contents.OfType<FunctionResultContent>())
                {
                    wire.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = result.CallId, ["content"] = result.Result?.ToString() });
                }

                if (message.Role == ChatRole.Tool)
                {
                    continue;
                }

                JsonObject item = new() { ["role"] = message.Role.Value, ["content"] = message.Text };
                FunctionCallContent[] calls = [.. message.Contents.OfType<FunctionCallContent>()];
                if (calls.Length > 0)
                {
                    item["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
                    {
                        ["id"] = c.CallId,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = JsonSerializer.Serialize(c.Arguments) },
                    })]);
                }

                wire.Add(item);
            }

            using HttpResponseMessage response = await http.PostAsJsonAsync(new Uri($"{endpoint}/chat/completions"), new JsonObject { ["model"] = "plain", ["messages"] = wire }, cancellationToken);
            response.EnsureSuccessStatusCode();
            JsonElement reply = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("choices")[0].GetProperty("message");
            ChatMessage answer = new(ChatRole.Assistant, reply.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String ? content.GetString() : null);
            if (reply.TryGetProperty("tool_calls", out JsonElement toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement call in toolCalls.EnumerateArray())
                {
                    JsonElement function = call.GetProperty("function");
                    answer.Contents.Add(new FunctionCallContent(
                        call.GetProperty("id").GetString()!,
                        function.GetProperty("name").GetString()!,
                        JsonSerializer.Deserialize<Dictionary<string, object?>>(function.GetProperty("arguments").GetString()!)));
                }
            }

            return new ChatResponse(answer);
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A minimal image generator of someone else's over plain HTTP.</summary>
    private sealed class PlainHttpImageGenerator(HttpClient http, Uri endpoint) : ITextToImageGenerator
    {
        public async Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
        {
            using HttpResponseMessage response = await http.PostAsJsonAsync(new Uri($"{endpoint}/images/generations"), new { prompt = request.Prompt }, cancellationToken);
            response.EnsureSuccessStatusCode();
            JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new TextToImageResult(Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!), "image/png");
        }
    }
}
