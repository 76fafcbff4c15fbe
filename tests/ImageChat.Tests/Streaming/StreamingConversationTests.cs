using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Streaming;

/// <summary>Streamed turns against the engine alone: serialization with buffered turns, argument checks, per-call usage.</summary>
public sealed class StreamingConversationTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private IImageChatClient Build(IChatClient chat) => _engine.Build(chat);

    [Fact]
    public async Task A_send_started_during_a_streamed_turn_waits_for_it_and_runs_on_its_history()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A worm"),
            _ => TestChatClient.Reply("Here is the worm."),
            _ => TestChatClient.Reply("It is a worm."));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        Task<ChatTurnResult>? second = null;
        List<TurnUpdate> updates = [];
        await foreach (TurnUpdate update in conversation.SendStreamingAsync("create the image of a worm"))
        {
            updates.Add(update);
            second ??= conversation.SendAsync("what is the picture?");
            Assert.False(second.IsCompleted); // It cannot start before the streamed turn, whose pace this loop sets, commits.
        }

        ChatTurnResult answer = await second!;

        Assert.Equal("It is a worm.", answer.Text);
        Assert.Equal(
            [ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.User],
            chat.Requests[2].Select(m => m.Role));
        Assert.Equal(
            [typeof(ToolCallStarted), typeof(ImageGenerationStarted), typeof(ImageSaved), typeof(TextDelta), typeof(TurnCompleted)],
            updates.Select(u => u.GetType()));
        Assert.Equal(7, conversation.History.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_message_is_refused_when_the_stream_is_asked_for(string message)
    {
        using IImageChatClient client = Build(new TestChatClient());
        IImageChatConversation conversation = client.StartConversation();

        ArgumentException error = Assert.Throws<ArgumentException>(() => conversation.SendStreamingAsync(message));

        Assert.Equal("message", error.ParamName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_call_of_a_turn_reports_its_own_usage(bool streamed)
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A worm", 94, 63),
            _ => TestChatClient.Reply("Here is the worm.", 231, 29));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = streamed
            ? (await conversation.SendStreamingAsync("create the image of a worm").LastAsync() as TurnCompleted)!.Result
            : await conversation.SendAsync("create the image of a worm");

        Assert.Equal([new TokenUsage(94, 63), new TokenUsage(231, 29)], turn.Calls.Select(c => c.Usage));
        Assert.Equal(new TokenUsage(325, 92), turn.Usage.Chat);
    }

    [Fact]
    public async Task A_failing_image_in_a_streamed_turn_ends_it_with_the_typed_failure_and_the_history_as_before()
    {
        TestChatClient chat = TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "A worm"));
        _engine.Generator.GenerateCallback = (_, _) => throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.HttpError, "The image model call failed with HTTP 400 (content_policy_violation).") { StatusCode = 400 };
        using IImageChatClient client = new ImageChatBuilder(o => o.ImageFailureHandling = ImageFailureHandling.FailTurn)
            .UseChatClient(chat)
            .UseImageGenerator(_engine.Generator)
            .UseImageDirectory(_engine.Images.Path)
            .Build();
        IImageChatConversation conversation = client.StartConversation();

        List<TurnUpdate> updates = [];
        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (TurnUpdate update in conversation.SendStreamingAsync("create the image of a worm"))
            {
                updates.Add(update);
            }
        });

        Assert.Equal(400, failure.StatusCode);
        Assert.Equal([typeof(ToolCallStarted), typeof(ImageGenerationStarted)], updates.Select(u => u.GetType()));
        Assert.Equal([ChatRole.System], conversation.History.Select(m => m.Role));
    }
}
