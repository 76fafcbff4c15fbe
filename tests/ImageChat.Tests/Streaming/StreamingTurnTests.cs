using System.Text.Json;
using ImageChat.Tests.Reliability;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Streaming;

/// <summary>
/// Streamed turns end to end over real HTTP: the OpenAI provider against a loopback server that streams the seed's
/// responses as server-sent events (tool-call arguments split across chunks, usage in the last chunk).
/// </summary>
public sealed class StreamingTurnTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Png = TestImageGenerator.PngBytes;
    private readonly TempDirectory _images = new();
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _images.Dispose();

    private IImageChatClient BuildClient(FakeOpenAIServer server, Action<ImageChatBuilder>? customize = null)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseOpenAI(o =>
            {
                o.ApiKey = "sk-test-key-never-sent-anywhere";
                o.Endpoint = server.Endpoint;
            })
            .UseImageDirectory(_images.Path);
        customize?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Queues the seed's first turn: the tool call, the image, the reply.</summary>
    private void EnqueueFirstTurn()
    {
        _server.EnqueueCompletion(SeedLog.Calls[0].ResponseJson).EnqueueCompletion(SeedLog.Calls[1].ResponseJson);
        _server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Png));
    }

    private static async Task<List<TurnUpdate>> CollectAsync(IAsyncEnumerable<TurnUpdate> updates)
    {
        List<TurnUpdate> list = [];
        await foreach (TurnUpdate update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    [Fact]
    public async Task The_seed_s_first_turn_streams_the_tool_call_the_image_then_the_text_then_the_result()
    {
        EnqueueFirstTurn();
        using IImageChatClient client = BuildClient(_server);
        IImageChatConversation conversation = client.StartConversation();

        List<TurnUpdate> updates = await CollectAsync(conversation.SendStreamingAsync(SeedLog.UserMessages[0]));

        string arguments = SeedLog.Calls[0].Response.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!;
        string description = JsonDocument.Parse(arguments).RootElement.GetProperty("description").GetString()!;
        ToolCallStarted toolCall = Assert.IsType<ToolCallStarted>(updates[0]);
        Assert.Equal(new ToolCallStarted { CallId = "call_Jxe7CNhojlDQ7rtXKegWydDY", ToolName = "generate_image", Arguments = arguments }, toolCall);
        Assert.Equal(new ImageGenerationStarted { CallId = toolCall.CallId, Description = description }, updates[1]);
        ImageSaved saved = Assert.IsType<ImageSaved>(updates[2]);
        Assert.Equal(toolCall.CallId, saved.CallId);
        TextDelta[] text = [.. updates.Skip(3).SkipLast(1).Select(u => Assert.IsType<TextDelta>(u))];
        ChatTurnResult result = Assert.IsType<TurnCompleted>(updates[^1]).Result;

        Assert.True(text.Length > 1, $"The reply came in {text.Length} piece(s); the server streamed it in several.");
        Assert.Equal(result.Text, string.Concat(text.Select(t => t.Text)));
        Assert.Equal(SeedLog.NormalizeFileNames("Here is the image of a worm in a natural setting. ![Worm Image](sandbox:/generated_a59b3623.png)"), SeedLog.NormalizeFileNames(result.Text));
        Assert.Equal([saved.Image], result.Images);
        Assert.Equal(Png, await File.ReadAllBytesAsync(saved.Image.Location));
        Assert.Equal(new TokenUsage(94 + 231, 63 + 29), result.Usage.Chat);
        Assert.Equal([saved.Image], conversation.Images);
        Assert.Equal(CallLogFormatter.FormatMessages(result.Messages), CallLogFormatter.FormatMessages(conversation.History.Skip(1)));

        Assert.All(_server.ChatRequests, request =>
        {
            Assert.True(request.Json.GetProperty("stream").GetBoolean());
            Assert.True(request.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        });
    }

    [Fact]
    public async Task A_streamed_seed_gives_every_turn_the_result_and_requests_of_the_buffered_seed()
    {
        await using FakeOpenAIServer buffered = await FakeOpenAIServer.StartAsync();
        buffered.EnqueueSeed(Png);
        _server.EnqueueSeed(Png);
        using IImageChatClient bufferedClient = BuildClient(buffered);
        using IImageChatClient streamingClient = BuildClient(_server);
        IImageChatConversation sent = bufferedClient.StartConversation();
        IImageChatConversation streamed = streamingClient.StartConversation();

        foreach (string message in SeedLog.UserMessages)
        {
            ChatTurnResult expected = await sent.SendAsync(message);
            ChatTurnResult actual = Assert.IsType<TurnCompleted>((await CollectAsync(streamed.SendStreamingAsync(message)))[^1]).Result;

            Assert.Equal(SeedLog.NormalizeFileNames(expected.Text), SeedLog.NormalizeFileNames(actual.Text));
            Assert.Equal(expected.Usage, actual.Usage);
            Assert.Equal(expected.Images.Select(i => (i.Description, i.ToolCallId, i.Usage)), actual.Images.Select(i => (i.Description, i.ToolCallId, i.Usage)));
            Assert.Equal(expected.Calls.Select(c => (c.Number, c.Kind, c.Usage, c.Response.FinishReason)), actual.Calls.Select(c => (c.Number, c.Kind, c.Usage, c.Response.FinishReason)));
            Assert.Equal(Shape(expected.Messages), Shape(actual.Messages));
        }

        Assert.Equal(sent.Usage, streamed.Usage);
        Assert.Equal(7, _server.ChatRequests.Count);
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(
                WireMessages.Canonical(buffered.ChatRequests[i].Json.GetProperty("messages")),
                WireMessages.Canonical(_server.ChatRequests[i].Json.GetProperty("messages")));
        }
    }

    [Fact]
    public async Task Abandoning_the_stream_after_the_first_text_rolls_the_turn_back_and_the_next_request_is_valid()
    {
        EnqueueFirstTurn();
        EnqueueFirstTurn();
        using IImageChatClient client = BuildClient(_server);
        IImageChatConversation conversation = client.StartConversation();
        string before = CallLogFormatter.FormatMessages(conversation.History);

        List<TurnUpdate> seen = [];
        await foreach (TurnUpdate update in conversation.SendStreamingAsync(SeedLog.UserMessages[0]))
        {
            seen.Add(update);
            if (update is TextDelta)
            {
                break;
            }
        }

        ConversationImage abandoned = Assert.Single(seen.OfType<ImageSaved>()).Image;
        Assert.Equal(before, CallLogFormatter.FormatMessages(conversation.History));
        Assert.Empty(conversation.Images);
        Assert.True(File.Exists(abandoned.Location));
        Assert.Equal([abandoned], conversation.UncommittedImages);
        Assert.Equal(1, conversation.Usage.ImageCount);

        ChatTurnResult next = await conversation.SendAsync(SeedLog.UserMessages[0]);

        Assert.Equal(
            WireMessages.Canonical(SeedLog.Calls[0].Messages),
            WireMessages.Canonical(_server.ChatRequests[2].Json.GetProperty("messages")));
        Assert.Equal(5, conversation.History.Count);
        Assert.Equal(next.Images, conversation.Images);
    }

    [Fact]
    public async Task Cancelling_during_the_image_rolls_the_turn_back_and_the_next_request_is_valid()
    {
        TaskCompletionSource imageRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.EnqueueCompletion(SeedLog.Calls[0].ResponseJson).EnqueueImage(_server.Hang(imageRequested));
        EnqueueFirstTurn();
        using IImageChatClient client = BuildClient(_server);
        IImageChatConversation conversation = client.StartConversation();
        string before = CallLogFormatter.FormatMessages(conversation.History);
        using CancellationTokenSource cancellation = new();

        List<TurnUpdate> seen = [];
        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (TurnUpdate update in conversation.SendStreamingAsync(SeedLog.UserMessages[0], cancellation.Token))
            {
                seen.Add(update);
                if (update is ImageGenerationStarted)
                {
                    await imageRequested.Task;
                    await cancellation.CancelAsync();
                }
            }
        });

        TurnCancelledException cancelled = Assert.IsType<TurnCancelledException>(failure);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        Assert.Empty(cancelled.ImagesSavedBeforeFailure);
        Assert.Equal([typeof(ToolCallStarted), typeof(ImageGenerationStarted)], seen.Select(u => u.GetType()));
        Assert.Equal(before, CallLogFormatter.FormatMessages(conversation.History));
        Assert.Empty(conversation.Images);
        Assert.Single(_server.ImageRequests);

        await CollectAsync(conversation.SendStreamingAsync(SeedLog.UserMessages[0]));

        Assert.Equal(
            WireMessages.Canonical(SeedLog.Calls[0].Messages),
            WireMessages.Canonical(_server.ChatRequests[1].Json.GetProperty("messages")));
        Assert.Equal(5, conversation.History.Count);
    }

    [Fact]
    public async Task A_streamed_refusal_is_on_the_result_and_sent_back_as_a_refusal()
    {
        const string Refusal = "I'm sorry, I can't help with that.";
        _server.EnqueueCompletion(ChatCompletions.Refusal(Refusal)).EnqueueCompletion(ChatCompletions.Reply("Fine."));
        using IImageChatClient client = BuildClient(_server);
        IImageChatConversation conversation = client.StartConversation();

        List<TurnUpdate> updates = await CollectAsync(conversation.SendStreamingAsync("tell me something you may not"));
        await conversation.SendAsync("then something else");

        ChatTurnResult turn = Assert.IsType<TurnCompleted>(Assert.Single(updates)).Result;
        Assert.Equal(Refusal, turn.Refusal);
        Assert.Equal(string.Empty, turn.Text);
        Assert.Equal(Refusal, _server.ChatRequests[1].Json.GetProperty("messages")[2].GetProperty("refusal").GetString());
        Assert.Equal(Refusal, JsonDocument.Parse(turn.Calls[0].RawResponseBody!).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("refusal").GetString());
    }

    [Fact]
    public async Task A_failure_before_the_first_update_is_retried_and_the_caller_sees_one_clean_stream()
    {
        _server.EnqueueChat(FakeOpenAIServer.Json(500, FakeOpenAIServer.ErrorJson("The server had an error.", "server_error", null)))
            .EnqueueCompletion(ChatCompletions.Reply("Hello there, how can I help?"));
        using IImageChatClient client = BuildClient(_server, b => b.ConfigureResilience(o => o.Chat.BaseDelay = TimeSpan.Zero));
        IImageChatConversation conversation = client.StartConversation();

        List<TurnUpdate> updates = await CollectAsync(conversation.SendStreamingAsync("hello"));

        Assert.Equal(2, _server.ChatRequests.Count);
        Assert.Equal("Hello there, how can I help?", string.Concat(updates.OfType<TextDelta>().Select(t => t.Text)));
        Assert.Equal(1, Assert.IsType<TurnCompleted>(updates[^1]).Result.Usage.ModelCallCount);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_text_reached_the_caller_ends_the_turn_typed_and_is_not_retried()
    {
        TaskCompletionSource textSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.EnqueueChat(FakeOpenAIServer.Completion(ChatCompletions.Reply("Hello there, how can I help you today?"), async (chunk, context) =>
        {
            if (chunk == 2)
            {
                // The caller has the first words (chunk 1); now the connection breaks.
                await textSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
                context.Abort();
            }
        }));
        _server.EnqueueCompletion(ChatCompletions.Reply("Hello again."));
        using IImageChatClient client = BuildClient(_server, b => b.ConfigureResilience(o => o.Chat.BaseDelay = TimeSpan.Zero));
        IImageChatConversation conversation = client.StartConversation();

        List<TurnUpdate> updates = [];
        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (TurnUpdate update in conversation.SendStreamingAsync("hello"))
            {
                updates.Add(update);
                textSeen.TrySetResult();
            }
        });

        Assert.Equal((ModelOperation.Chat, ModelCallFailureKind.ConnectionLost), (failure.Operation, failure.Kind));
        Assert.Equal([new TextDelta { Text = "Hello there," }], updates);
        Assert.Single(_server.ChatRequests);
        Assert.Single(conversation.History);
        Assert.Equal("Hello again.", (await conversation.SendAsync("hello")).Text);
    }

    private static string[] Shape(IEnumerable<ChatMessage> messages) =>
        [.. messages.Select(m => $"{m.Role}: {SeedLog.NormalizeFileNames(m.Text)} {string.Join(',', m.Contents.OfType<FunctionCallContent>().Select(c => c.CallId))}{string.Join(',', m.Contents.OfType<FunctionResultContent>().Select(r => r.CallId))}")];
}
