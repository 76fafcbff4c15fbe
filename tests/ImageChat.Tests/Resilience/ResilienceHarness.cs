using System.Text.Json.Nodes;
using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Resilience;

/// <summary>
/// A client built as an application builds it (OpenAI provider, real HTTP on loopback, fake clock), with the faults a
/// test scripts into the fake server. Back-off waits are zero unless a test sets them, so that only the waits a test
/// means to observe (Retry-After, timeouts) need the clock.
/// </summary>
internal sealed class ResilienceHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-test-resilience-0123456789abcdef";
    public const string PictureRequest = "create the image of a worm";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7];
    private readonly TempDirectory _images = new();

    private ResilienceHarness(FakeOpenAIServer server) => Server = server;

    public FakeOpenAIServer Server { get; }

    public TimerObservingTimeProvider Time { get; } = new();

    public IImageChatClient Client { get; private set; } = null!;

    public int SavedFiles => Directory.Exists(_images.Path) ? Directory.GetFiles(_images.Path).Length : 0;

    public string ImageDirectory => _images.Path;

    /// <summary>Starts the server and builds the client; <paramref name="customize"/> adds to the builder (tools, options, sinks, another image generator) before it builds.</summary>
    public static async Task<ResilienceHarness> StartAsync(
        Action<ImageChatResilienceOptions>? configure = null,
        ImageFailureHandling imageFailureHandling = ImageFailureHandling.ReportToModel,
        Action<ImageChatBuilder>? customize = null)
    {
        ResilienceHarness harness = new(await FakeOpenAIServer.StartAsync());
        ImageChatBuilder builder = new(o =>
            {
                o.ImageDirectory = harness._images.Path;
                o.ImageFailureHandling = imageFailureHandling;
            });
        builder
            .UseOpenAI(o =>
            {
                o.ApiKey = ApiKey;
                o.Endpoint = harness.Server.Endpoint;
            })
            .UseTimeProvider(harness.Time)
            .ConfigureResilience(o =>
            {
                foreach (ModelCallResilienceOptions call in (ModelCallResilienceOptions[])[o.Chat, o.Image])
                {
                    call.BaseDelay = TimeSpan.Zero;
                    call.UseJitter = false;
                }

                configure?.Invoke(o);
            });
        customize?.Invoke(builder);
        harness.Client = builder.Build();
        return harness;
    }

    /// <summary>A 429 rate-limit answer, with the wait header the test gives.</summary>
    public static Func<HttpContext, Task> RateLimited(string header, string value) =>
        FakeOpenAIServer.Json(429, FakeOpenAIServer.ErrorJson("Rate limit reached for requests.", "requests", "rate_limit_exceeded"), (header, value));

    /// <summary>An HTTP error answer in OpenAI's format.</summary>
    public static Func<HttpContext, Task> Error(int status, string? code, string message = "The request failed.") =>
        FakeOpenAIServer.Json(status, FakeOpenAIServer.ErrorJson(message, status >= 500 ? "server_error" : "invalid_request_error", code), ("x-request-id", "req_fault"));

    /// <summary>A success status whose body is cut off mid-JSON.</summary>
    public static Func<HttpContext, Task> Malformed() => FakeOpenAIServer.Json(200, """{ "id": "chatcmpl-1", "created": 1, "data": [ { "b64_json": """);

    /// <summary>A text answer of the chat model (the seed's post-tool answer with another text).</summary>
    public static string Reply(string text)
    {
        JsonNode response = JsonNode.Parse(SeedLog.Calls[1].ResponseJson)!;
        response["choices"]![0]!["message"]!["content"] = text;
        return response.ToJsonString();
    }

    /// <summary>Scripts the chat model's tool call for a picture (the seed's first call), answered as JSON or streamed as the request asks.</summary>
    public ResilienceHarness ChatCallsTheImageTool() => Enqueue(() => Server.EnqueueCompletion(SeedLog.Calls[0].ResponseJson));

    /// <summary>Scripts an image the image model makes.</summary>
    public ResilienceHarness ImageIsMade() => Enqueue(() => Server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Png)));

    /// <summary>Scripts the chat model's answer after a tool result (the seed's second call).</summary>
    public ResilienceHarness ChatAnswersAfterTheTool(string? text = null) =>
        Enqueue(() => Server.EnqueueCompletion(text is null ? SeedLog.Calls[1].ResponseJson : Reply(text)));

    /// <summary>Scripts a whole picture turn: tool call, image, answer.</summary>
    public ResilienceHarness PictureTurnSucceeds() => ChatCallsTheImageTool().ImageIsMade().ChatAnswersAfterTheTool();

    /// <summary>Gets the text of the tool result the chat model was sent in the given chat request.</summary>
    public string ToolResultSentIn(int chatRequest) =>
        Server.ChatRequests[chatRequest].Json.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool")
            .GetProperty("content").GetString()!;

    /// <summary>
    /// Sends a follow-up turn and checks that it succeeds on top of the history as it was: the request carries exactly
    /// that history (the fake server would answer 400 to a tool call without its result) and the history grows by two.
    /// </summary>
    public async Task AssertNextTurnSucceedsAsync(IImageChatConversation conversation)
    {
        IReadOnlyList<ChatMessage> before = conversation.History;
        int requests = Server.ChatRequests.Count;
        Server.EnqueueChatJson(SeedLog.Calls[2].ResponseJson);

        ChatTurnResult turn = await conversation.SendAsync("what is the picture?");

        Assert.Equal(requests + 1, Server.ChatRequests.Count);
        Assert.Equal(WireMessageCount(before) + 1, Server.ChatRequests[^1].Json.GetProperty("messages").GetArrayLength());
        Assert.NotEmpty(turn.Text);
        Assert.Equal(WireMessages.Serialized([.. before, .. turn.Messages]), WireMessages.Serialized(conversation.History));
    }

    /// <summary>How many messages OpenAI's wire format has for these: one per message, except one per result for a tool message that answers several calls.</summary>
    private static int WireMessageCount(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => m.Role == ChatRole.Tool ? m.Contents.OfType<FunctionResultContent>().Count() : 1);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Server.DisposeAsync();
        _images.Dispose();
    }

    private ResilienceHarness Enqueue(Action enqueue)
    {
        enqueue();
        return this;
    }
}
