using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Engine;

public sealed class ConversationTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private IImageChatClient Build(IChatClient chat, Action<ImageChatOptions>? configure = null) => _engine.Build(chat, configure);

    [Fact]
    public async Task A_picture_request_calls_the_tool_saves_the_image_and_answers()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A worm", 94, 63),
            _ => TestChatClient.Reply("Here is the worm.", 231, 29));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync("create the image of a worm");

        Assert.Equal("Here is the worm.", turn.Text);
        ConversationImage image = Assert.Single(turn.Images);
        Assert.Matches("^generated_[0-9a-f]{8}\\.png$", image.FileName);
        Assert.Equal("A worm", image.Description);
        Assert.Equal("call_1", image.ToolCallId);
        Assert.Equal(TestImageGenerator.PngBytes, await File.ReadAllBytesAsync(image.Location));
        Assert.Equal(Path.Combine(_engine.Images.Path, image.FileName), image.Location);

        Assert.Equal([ModelCallKind.InitialChat, ModelCallKind.PostToolResponse], turn.Calls.Select(c => c.Kind));
        Assert.Equal([1, 2], turn.Calls.Select(c => c.Number));
        Assert.Equal(new TokenUsage(325, 92), turn.Usage.Chat);
        Assert.Equal(1, turn.Usage.ImageCount);
        Assert.Equal(2, turn.Usage.ModelCallCount);

        FunctionResultContent result = Assert.Single(chat.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal("call_1", result.CallId);
        Assert.Equal($"Image generated successfully and saved to {image.FileName}. Description: A worm", result.Result?.ToString());

        Assert.Equal(
            [ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant],
            conversation.History.Select(m => m.Role));
        Assert.Equal(ImageChatDefaults.SystemPrompt, conversation.History[0].Text);
        Assert.Equal([image], conversation.Images);
        Assert.Equal(turn.Usage, conversation.Usage);
    }

    [Fact]
    public async Task Follow_up_requests_carry_the_whole_history()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "A worm"),
            _ => TestChatClient.Reply("Here is the worm."),
            _ => TestChatClient.Reply("It is a worm."));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        await conversation.SendAsync("create the image of a worm");
        ChatTurnResult second = await conversation.SendAsync("what is the picture?");

        Assert.Equal("It is a worm.", second.Text);
        Assert.Equal(3, Assert.Single(second.Calls).Number);
        Assert.Equal(ModelCallKind.InitialChat, second.Calls[0].Kind);
        Assert.Equal(6, chat.Requests[2].Count);
        Assert.Equal("what is the picture?", chat.Requests[2][^1].Text);
        Assert.Empty(second.Images);
        Assert.Single(conversation.Images);
    }

    [Fact]
    public async Task A_failed_turn_leaves_the_history_as_before_and_the_next_turn_works()
    {
        int call = 0;
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = (_, _, _) => ++call switch
            {
                1 => Task.FromResult(TestChatClient.ToolCall("call_1", "A worm")),
                2 => throw new ModelCallException(ModelOperation.Chat, ModelCallFailureKind.HttpError, "Bad request.") { StatusCode = 400 },
                _ => Task.FromResult(TestChatClient.Reply("Hello again.")),
            },
        };
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync("create the image of a worm"));

        ConversationImage saved = Assert.Single(failure.ImagesSavedBeforeFailure);
        Assert.True(File.Exists(saved.Location));
        Assert.Equal([ChatRole.System], conversation.History.Select(m => m.Role));
        Assert.Empty(conversation.Images);
        Assert.Equal(1, conversation.Usage.ImageCount);

        ChatTurnResult next = await conversation.SendAsync("hello");

        Assert.Equal("Hello again.", next.Text);
        Assert.Equal([ChatRole.System, ChatRole.User], chat.Requests[2].Select(m => m.Role));
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant], conversation.History.Select(m => m.Role));
    }

    [Fact]
    public async Task A_cancelled_turn_leaves_the_history_as_before()
    {
        using CancellationTokenSource cts = new();
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = async (messages, _, ct) =>
            {
                if (messages[^1].Role == ChatRole.User)
                {
                    return TestChatClient.ToolCall("call_1", "A worm");
                }

                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return TestChatClient.Reply("unreachable");
            },
        };
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => conversation.SendAsync("create the image of a worm", cts.Token));

        Assert.Equal([ChatRole.System], conversation.History.Select(m => m.Role));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_messages_are_refused(string message)
    {
        using IImageChatClient client = Build(TestChatClient.Scripted());
        IImageChatConversation conversation = client.StartConversation();

        await Assert.ThrowsAsync<ArgumentException>(nameof(message), () => conversation.SendAsync(message));
    }

    [Fact]
    public async Task Null_and_oversized_messages_are_refused()
    {
        using IImageChatClient client = Build(TestChatClient.Scripted(), o => o.MaxMessageLength = 5);
        IImageChatConversation conversation = client.StartConversation();

        await Assert.ThrowsAsync<ArgumentNullException>("message", () => conversation.SendAsync(null!));
        ArgumentException tooLong = await Assert.ThrowsAsync<ArgumentException>("message", () => conversation.SendAsync("123456"));
        Assert.Contains("MaxMessageLength", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_sends_run_one_after_another_and_never_interleave()
    {
        TaskCompletionSource firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource releaseFirst = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = async (messages, _, _) =>
            {
                if (messages[^1].Text == "first")
                {
                    firstStarted.SetResult();
                    await releaseFirst.Task;
                }

                return TestChatClient.Reply($"re: {messages[^1].Text}");
            },
        };
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation();

        Task<ChatTurnResult> first = conversation.SendAsync("first");
        await firstStarted.Task;
        Task<ChatTurnResult> second = conversation.SendAsync("second");
        Assert.False(second.IsCompleted);
        releaseFirst.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(
            ["first", "re: first", "second", "re: second"],
            conversation.History.Skip(1).Select(m => m.Text));
        Assert.Equal(4, chat.Requests[1].Count);
    }

    [Fact]
    public async Task Conversation_options_override_the_system_prompt_and_id()
    {
        TestChatClient chat = TestChatClient.Scripted(_ => TestChatClient.Reply("ok"));
        using IImageChatClient client = Build(chat);
        IImageChatConversation conversation = client.StartConversation(new ConversationOptions { SystemPrompt = "Be brief.", Id = "demo-1" });

        await conversation.SendAsync("hi");

        Assert.Equal("demo-1", conversation.Id);
        Assert.Equal("Be brief.", chat.Requests[0][0].Text);
        Assert.Throws<ArgumentException>("options", () => client.StartConversation(new ConversationOptions { Id = "../escape" }));
    }
}
