using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Engine;

public sealed class ToolCallTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private IImageChatClient Build(IChatClient chat, Action<ImageChatOptions>? configure = null, AITool? extraTool = null)
    {
        ImageChatBuilder builder = _engine.Builder(chat, configure);
        if (extraTool is not null)
        {
            builder.AddTool(extraTool);
        }

        return builder.Build();
    }

    private static ChatResponse Call(string callId, string name, IDictionary<string, object?>? arguments, Exception? parseError = null) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments) { Exception = parseError }]));

    private static string ToolResult(IReadOnlyList<ChatMessage> request) =>
        Assert.Single(request[^1].Contents.OfType<FunctionResultContent>()).Result?.ToString() ?? string.Empty;

    [Fact]
    public async Task The_built_in_tools_are_the_seed_generate_image_and_edit_image()
    {
        ChatOptions? seen = null;
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = (_, options, _) =>
            {
                seen = options;
                return Task.FromResult(TestChatClient.Reply("ok"));
            },
        };
        using IImageChatClient client = Build(chat);

        await client.StartConversation().SendAsync("hi");

        Assert.Equal(["generate_image", "edit_image"], seen!.Tools!.Select(t => t.Name));
        AIFunction generate = Assert.IsAssignableFrom<AIFunction>(seen.Tools![0]);
        Assert.Equal(ImageChatDefaults.ImageToolDescription, generate.Description);
        Assert.Equal("object", generate.JsonSchema.GetProperty("type").GetString());
        Assert.Equal("string", generate.JsonSchema.GetProperty("properties").GetProperty("description").GetProperty("type").GetString());
        Assert.Equal(["description"], generate.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(generate.JsonSchema.GetProperty("properties").EnumerateObject());

        AIFunction edit = Assert.IsAssignableFrom<AIFunction>(seen.Tools![1]);
        Assert.Equal(ImageChatDefaults.EditImageToolDescription, edit.Description);
        Assert.Equal(["description"], edit.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["description", "image"], edit.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Arguments_that_are_not_json_are_reported_and_nothing_runs()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => Call("call_1", "generate_image", null, new System.Text.Json.JsonException("'}' is invalid")),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat);

        ChatTurnResult turn = await client.StartConversation().SendAsync("draw");

        Assert.StartsWith("Error: the arguments of this generate_image call are not valid JSON", turn.Text, StringComparison.Ordinal);
        Assert.Equal(0, _engine.Generator.Calls);
    }

    [Fact]
    public async Task An_unknown_tool_is_reported()
    {
        TestChatClient chat = TestChatClient.Scripted(
            _ => Call("call_1", "paint", new Dictionary<string, object?>()),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat);

        ChatTurnResult turn = await client.StartConversation().SendAsync("draw");

        Assert.Contains("paint", turn.Text, StringComparison.Ordinal);
        Assert.Contains("not found", turn.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "needs a 'description'")]
    [InlineData("  ", "is empty")]
    [InlineData(42, "must be a string")]
    [InlineData("0123456789A", "at most 10")]
    public async Task Bad_descriptions_are_reported_and_no_image_is_made(object? description, string expected)
    {
        Dictionary<string, object?> arguments = description is null ? [] : new() { ["description"] = description };
        TestChatClient chat = TestChatClient.Scripted(
            _ => Call("call_1", "generate_image", arguments),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat, o => o.MaxImageDescriptionLength = 10);

        ChatTurnResult turn = await client.StartConversation().SendAsync("draw");

        Assert.Contains(expected, turn.Text, StringComparison.Ordinal);
        Assert.Equal(0, _engine.Generator.Calls);
        Assert.Empty(_engine.Images.Files());
    }

    [Fact]
    public async Task A_model_that_keeps_calling_tools_is_stopped_after_the_configured_rounds()
    {
        int round = 0;
        TestChatClient chat = new()
        {
            GetResponseAsyncCallback = (_, options, _) => Task.FromResult(options?.Tools is { Count: > 0 }
                ? TestChatClient.ToolCall($"call_{++round}", "again")
                : TestChatClient.Reply("done")),
        };
        using IImageChatClient client = Build(chat, o => o.MaxToolRoundsPerTurn = 3);

        ChatTurnResult turn = await client.StartConversation().SendAsync("loop forever");

        Assert.Equal("done", turn.Text);
        Assert.Equal(3, _engine.Generator.Calls);
        Assert.Equal(4, chat.Requests.Count);
    }

    [Fact]
    public async Task User_tools_are_offered_and_run()
    {
        AIFunction clock = AIFunctionFactory.Create(() => "12:00", "get_time", "Tells the time.");
        TestChatClient chat = TestChatClient.Scripted(
            _ => Call("call_1", "get_time", new Dictionary<string, object?>()),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat, extraTool: clock);

        ChatTurnResult turn = await client.StartConversation().SendAsync("what time is it?");

        Assert.Equal("12:00", turn.Text);
    }

    [Fact]
    public void A_tool_named_like_the_built_in_one_is_refused()
    {
        AIFunction clash = AIFunctionFactory.Create(() => "x", "generate_image");

        ArgumentException refused = Assert.Throws<ArgumentException>("tool", () => Build(TestChatClient.Scripted(), extraTool: clash));
        Assert.StartsWith("The tool name 'generate_image' is reserved for ImageChat's built-in image tools", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_failure_is_reported_to_the_model_by_default()
    {
        _engine.Generator.GenerateCallback = (_, _) => throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.HttpError, "refused")
        {
            StatusCode = 400,
            ErrorCode = "content_policy_violation",
        };
        TestChatClient chat = TestChatClient.Scripted(
            _ => TestChatClient.ToolCall("call_1", "something refused"),
            request => TestChatClient.Reply(ToolResult(request)));
        using IImageChatClient client = Build(chat);

        ChatTurnResult turn = await client.StartConversation().SendAsync("draw");

        Assert.Contains("safety system refused", turn.Text, StringComparison.Ordinal);
        Assert.Empty(turn.Images);
    }

    [Fact]
    public async Task An_image_failure_can_fail_the_turn_instead()
    {
        _engine.Generator.GenerateCallback = (_, _) => throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.HttpError, "refused") { StatusCode = 400 };
        TestChatClient chat = TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "something refused"));
        using IImageChatClient client = Build(chat, o => o.ImageFailureHandling = ImageFailureHandling.FailTurn);
        IImageChatConversation conversation = client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync("draw"));

        Assert.Equal(ModelOperation.Image, failure.Operation);
        Assert.Single(chat.Requests);
        Assert.Single(conversation.History);
    }
}
