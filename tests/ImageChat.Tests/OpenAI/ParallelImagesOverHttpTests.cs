using System.Text;
using System.Text.Json;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace ImageChat.Tests.OpenAI;

/// <summary>
/// "Draw three owls" end to end over real HTTP: the chat model answers with three <c>generate_image</c> calls, the image
/// endpoint takes a second per image. The images are made concurrently (proven by the server holding all three requests
/// in flight at once), saved, and returned in call order; the history and usage are exact. The wall time is measured
/// by the ParallelImages benchmark (tests/ImageChat.Benchmarks), not here.
/// </summary>
public sealed class ParallelImagesOverHttpTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan ImageLatency = TimeSpan.FromSeconds(1);
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _mostInFlight;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _images.Dispose();

    private static byte[] PngFor(string prompt) => [.. TestImageGenerator.PngBytes, .. Encoding.UTF8.GetBytes(prompt)];

    private async Task SlowImageAsync(FakeOpenAIServer.RecordedRequest request, HttpContext context)
    {
        int now = Interlocked.Increment(ref _inFlight);
        int most;
        while ((most = Volatile.Read(ref _mostInFlight)) < now && Interlocked.CompareExchange(ref _mostInFlight, now, most) != most)
        {
        }

        if (now == 3)
        {
            _allArrived.TrySetResult();
        }

        try
        {
            // Hold each answer until all three requests are in flight, so that concurrency does not depend on timing;
            // a serial client never sends the second request, and the wait gives up after the safety limit.
            await _allArrived.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
            string prompt = request.Json.GetProperty("prompt").GetString()!;
            await Task.Delay(ImageLatency, context.RequestAborted);
            await FakeOpenAIServer.Json(200, FakeOpenAIServer.ImageJson(PngFor(prompt), inputTokens: 20, outputTokens: 4160))(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    [Fact]
    public async Task Three_owls_are_made_at_once_saved_in_call_order_and_the_history_is_as_serial()
    {
        string[] owls = ["A snowy owl", "A barn owl", "A great horned owl"];
        _server.EnqueueChatJson(ChatCompletions.ToolCalls(
            [.. owls.Select((owl, i) => ($"call_{i + 1}", "generate_image", JsonSerializer.Serialize(new { description = owl })))]));
        _server.EnqueueChatJson(ChatCompletions.Reply("Here are three owls."));
        _server.ImageFallback = request => context => SlowImageAsync(request, context);

        using IImageChatClient client = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test";
                o.Endpoint = _server.Endpoint;
            })
            .UseImageDirectory(_images.Path)
            .Build();
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync("draw three owls");

        Assert.Equal(3, _mostInFlight);
        Assert.Equal("Here are three owls.", turn.Text);
        Assert.Equal(owls, turn.Images.Select(i => i.Description));
        Assert.Equal(["call_1", "call_2", "call_3"], turn.Images.Select(i => i.ToolCallId));
        Assert.All(turn.Images, image => Assert.Equal(PngFor(image.Description), File.ReadAllBytes(image.Location)));
        Assert.Equal(3, _images.Files("generated_*.png").Length);

        // The second request carries the three results in call order, exactly as a serial run would send them.
        JsonElement[] messages = [.. _server.ChatRequests[1].Json.GetProperty("messages").EnumerateArray()];
        Assert.Equal(["system", "user", "assistant", "tool", "tool", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["call_1", "call_2", "call_3"], messages[3..].Select(m => m.GetProperty("tool_call_id").GetString()));
        Assert.Equal(
            turn.Images.Select(i => $"Image generated successfully and saved to {i.FileName}. Description: {i.Description}"),
            messages[3..].Select(m => m.GetProperty("content").GetString()));

        Assert.Equal(new TokenUsage(60, 3 * 4160), turn.Usage.ImageTokens);
        Assert.Equal(3, turn.Usage.ImageCount);
        Assert.Equal(new TokenUsage(200, 40), turn.Usage.Chat);
        Assert.Equal([ModelCallKind.InitialChat, ModelCallKind.PostToolResponse], turn.Calls.Select(c => c.Kind));
    }
}
