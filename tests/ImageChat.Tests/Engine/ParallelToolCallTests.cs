using System.Text;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ImageChat.Tests.Engine;

/// <summary>
/// Several tool calls in one model response run at once, bounded by <see cref="ImageChatOptions.MaxConcurrentToolCalls"/>,
/// and the turn is what a serial run would give. Concurrency is proven with barriers (a call waits for its siblings to
/// start), never with timings; the waits have a generous safety limit so that a serial engine fails instead of hanging.
/// </summary>
public sealed class ParallelToolCallTests : IDisposable
{
    private static readonly TimeSpan SafetyLimit = TimeSpan.FromSeconds(30);
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private IImageChatClient Build(IChatClient chat, Action<ImageChatOptions>? configure = null) => _engine.Build(chat, configure);

    private static TestChatClient ThreeOwls() => TestChatClient.Scripted(
        _ => TestChatClient.ToolCalls(("call_1", "owl one"), ("call_2", "owl two"), ("call_3", "owl three")),
        _ => TestChatClient.Reply("Three owls."));

    private static byte[] PngFor(string prompt) => [.. TestImageGenerator.PngBytes, .. Encoding.UTF8.GetBytes(prompt)];

    [Fact]
    public async Task Three_images_asked_at_once_are_made_concurrently_and_come_back_in_call_order()
    {
        Barrier allStarted = new(3);
        TaskCompletionSource<bool> thirdDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.Generator.GenerateCallback = async (request, ct) =>
        {
            // No call can pass this point until all three have started: a serial engine never gets here.
            await Task.Run(() => Assert.True(allStarted.SignalAndWait(SafetyLimit, ct), "The three image calls did not run at once."), ct);
            if (request.Prompt == "owl one")
            {
                await thirdDone.Task.WaitAsync(SafetyLimit, ct); // The first call finishes last.
            }

            TextToImageResult result = new(PngFor(request.Prompt), "image/png") { Usage = new TokenUsage(10, 100) };
            if (request.Prompt == "owl three")
            {
                thirdDone.SetResult(true);
            }

            return result;
        };
        TestChatClient chat = ThreeOwls();
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync("draw three owls");

        Assert.Equal(["owl one", "owl two", "owl three"], turn.Images.Select(i => i.Description));
        Assert.Equal(["call_1", "call_2", "call_3"], turn.Images.Select(i => i.ToolCallId));
        Assert.All(turn.Images, image => Assert.Equal(PngFor(image.Description), File.ReadAllBytes(image.Location)));
        Assert.Equal(3, _engine.Images.Files("generated_*.png").Length);
        Assert.Equal(turn.Images, conversation.Images);

        ChatMessage toolMessage = Assert.Single(chat.Requests[1], m => m.Role == ChatRole.Tool);
        FunctionResultContent[] results = [.. toolMessage.Contents.OfType<FunctionResultContent>()];
        Assert.Equal(["call_1", "call_2", "call_3"], results.Select(r => r.CallId));
        Assert.Equal(
            turn.Images.Select(i => $"Image generated successfully and saved to {i.FileName}. Description: {i.Description}"),
            results.Select(r => r.Result?.ToString()));

        Assert.Equal(3, turn.Usage.ImageCount);
        Assert.Equal(new TokenUsage(30, 300), turn.Usage.ImageTokens);
        Assert.Equal(2, turn.Usage.ModelCallCount);
        Assert.Equal([1, 2], turn.Calls.Select(c => c.Number));
    }

    [Fact]
    public async Task The_history_is_the_one_a_serial_run_leaves()
    {
        _engine.Generator.GenerateCallback = (request, _) => Task.FromResult(new TextToImageResult(PngFor(request.Prompt), "image/png"));
        using IImageChatClient parallel = Build(ThreeOwls());
        using IImageChatClient serial = Build(ThreeOwls(), o => o.MaxConcurrentToolCalls = 1);
        IImageChatConversation concurrent = parallel.StartConversation();
        IImageChatConversation oneByOne = serial.StartConversation();

        await concurrent.SendAsync("draw three owls");
        await oneByOne.SendAsync("draw three owls");

        Assert.Equal(Shape(oneByOne), Shape(concurrent));
        Assert.Equal(5, Shape(concurrent).Count); // system, user, assistant with three calls, tool with three results, reply
    }

    [Fact]
    public async Task At_most_MaxConcurrentToolCalls_run_at_once_and_the_rest_wait_their_turn()
    {
        int running = 0, mostAtOnce = 0, started = 0;
        TaskCompletionSource twoRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.Generator.GenerateCallback = async (request, ct) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            if (Interlocked.Increment(ref started) == 2)
            {
                twoRunning.SetResult();
            }

            await release.Task.WaitAsync(SafetyLimit, ct);
            Interlocked.Decrement(ref running);
            return new TextToImageResult(PngFor(request.Prompt), "image/png");
        };
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCalls(("call_1", "a"), ("call_2", "b"), ("call_3", "c"), ("call_4", "d")),
            _ => TestChatClient.Reply("Four."));
        using IImageChatClient client = Build(chat, o => o.MaxConcurrentToolCalls = 2);

        Task<ChatTurnResult> turn = client.StartConversation().SendAsync("draw four");
        await twoRunning.Task.WaitAsync(SafetyLimit);
        Assert.Equal(2, Volatile.Read(ref started)); // The third and fourth wait for the gate while two hold it.
        release.SetResult();
        ChatTurnResult result = await turn;

        Assert.Equal(2, mostAtOnce);
        Assert.Equal(4, _engine.Generator.Calls);
        Assert.Equal(["a", "b", "c", "d"], result.Images.Select(i => i.Description));
    }

    [Fact]
    public async Task A_failing_image_does_not_stop_its_siblings()
    {
        Barrier allStarted = new(3);
        _engine.Generator.GenerateCallback = async (request, ct) =>
        {
            await Task.Run(() => allStarted.SignalAndWait(SafetyLimit, ct), ct);
            if (request.Prompt == "owl two")
            {
                throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.HttpError, "refused")
                {
                    StatusCode = 400,
                    ErrorCode = "moderation_blocked",
                };
            }

            return new TextToImageResult(PngFor(request.Prompt), "image/png");
        };
        TestChatClient chat = ThreeOwls();
        using IImageChatClient client = Build(chat);

        ChatTurnResult turn = await client.StartConversation().SendAsync("draw three owls");

        Assert.Equal(["owl one", "owl three"], turn.Images.Select(i => i.Description));
        Assert.Equal(2, _engine.Images.Files("generated_*.png").Length);
        string[] results = [.. chat.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? string.Empty)];
        Assert.StartsWith("Image generated successfully", results[0], StringComparison.Ordinal);
        Assert.StartsWith("Error: no image was generated: the image model's safety system refused", results[1], StringComparison.Ordinal);
        Assert.StartsWith("Image generated successfully", results[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_turn_cancels_every_running_call_and_leaves_the_history_as_before()
    {
        int cancelled = 0, waiting = 0;
        TaskCompletionSource allWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenSource cts = new();
        _engine.Generator.GenerateCallback = async (_, ct) =>
        {
            if (Interlocked.Increment(ref waiting) == 3)
            {
                allWaiting.SetResult();
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }

            throw new InvalidOperationException("Unreachable: the delay never ends by itself.");
        };
        TestChatClient chat = ThreeOwls();
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        Task<ChatTurnResult> turn = conversation.SendAsync("draw three owls", cts.Token);
        await allWaiting.Task.WaitAsync(SafetyLimit); // All three run at once, or this gives up.
        await cts.CancelAsync();

        await Assert.ThrowsAsync<TurnCancelledException>(() => turn);
        Assert.Equal(3, cancelled);
        Assert.Equal([ChatRole.System], conversation.History.Select(m => m.Role));
        Assert.Empty(conversation.Images);
        Assert.Single(chat.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void MaxConcurrentToolCalls_out_of_range_fails_the_build_naming_the_key(int value)
    {
        ImageChatBuilder builder = new ImageChatBuilder(o => o.MaxConcurrentToolCalls = value)
            .UseChatClient(TestChatClient.Scripted())
            .UseImageGenerator(_engine.Generator);

        OptionsValidationException failure = Assert.Throws<OptionsValidationException>(() => builder.Build());

        Assert.Contains("ImageChat:MaxConcurrentToolCalls must be between 1 and 64.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ImageChatOptions.DefaultMaxConcurrentToolCalls, new ImageChatOptions().MaxConcurrentToolCalls);
    }

    /// <summary>The history with the random file names replaced by their position, so that two runs can be compared.</summary>
    private static List<string> Shape(IImageChatConversation conversation)
    {
        List<string> shape = [];
        foreach (ChatMessage message in conversation.History)
        {
            string line = $"{message.Role}: {message.Text} " + string.Join(" | ", message.Contents.Select(c => c switch
            {
                FunctionCallContent call => $"call {call.CallId} {call.Name} {call.Arguments?["description"]}",
                FunctionResultContent result => $"result {result.CallId} {result.Result}",
                _ => string.Empty,
            }));
            for (int i = 0; i < conversation.Images.Count; i++)
            {
                line = line.Replace(conversation.Images[i].FileName, $"<image {i}>", StringComparison.Ordinal);
            }

            shape.Add(line);
        }

        return shape;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
