using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 9: disposal, tool names and conversation ids fail early and clearly.</summary>
public sealed class LifecycleTests
{
    private const string DisposedMessage = "The ImageChat client (IImageChatClient) was disposed, and its conversations with it; build or resolve a new client.";

    [Fact]
    public async Task After_disposal_the_client_and_its_conversations_throw_ObjectDisposedException_and_send_nothing()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.Reply("Hello."));
        await conversation.SendAsync("hello");

        harness.Client.Dispose();

        ObjectDisposedException start = Assert.Throws<ObjectDisposedException>(() => harness.Client.StartConversation());
        ObjectDisposedException send = await Assert.ThrowsAsync<ObjectDisposedException>(() => conversation.SendAsync("still there?"));
        ObjectDisposedException stream = await Assert.ThrowsAsync<ObjectDisposedException>(() => conversation.RunTurnAsync("still there?", streamed: true));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => harness.Client.ResumeConversationAsync(new ConversationOptions { Id = conversation.Id }));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => harness.Client.GetConversationAsync(conversation.Id));
        Assert.Equal(nameof(IImageChatClient), start.ObjectName);
        Assert.StartsWith(DisposedMessage, send.Message, StringComparison.Ordinal);
        Assert.StartsWith(DisposedMessage, stream.Message, StringComparison.Ordinal);
        Assert.Single(harness.Server.ChatRequests);
        Assert.Equal(3, conversation.History.Count);
    }

    [Fact]
    public async Task A_turn_cut_short_by_the_disposal_fails_with_ObjectDisposedException_and_leaves_the_history_as_before()
    {
        IImageChatClient? client = null;
        AIFunction shutDown = AIFunctionFactory.Create(() => client!.Dispose(), "shut_down");
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.AddTool(shutDown));
        client = harness.Client;
        IImageChatConversation conversation = client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.ToolCalls(("call_1", "shut_down", "{}")));

        ObjectDisposedException disposed = await Assert.ThrowsAsync<ObjectDisposedException>(() => conversation.SendAsync("shut down"));

        Assert.Equal(DisposedMessage, disposed.Message);
        Assert.NotNull(disposed.InnerException); // What the disposed pipeline threw.
        Assert.Single(harness.Server.ChatRequests);
        Assert.Single(conversation.History);
    }

    [Theory]
    [InlineData("get weather", "The tool name 'get weather' is not valid: OpenAI accepts 1 to 64 letters, digits, '_' or '-' (^[a-zA-Z0-9_-]{1,64}$). Rename the tool (for AIFunctionFactory: AIFunctionFactoryOptions.Name).")]
    [InlineData("generate_image", "The tool name 'generate_image' is reserved for ImageChat's built-in image tools (generate_image, edit_image); give your tool another name.")]
    [InlineData("edit_image", "The tool name 'edit_image' is reserved for ImageChat's built-in image tools (generate_image, edit_image); give your tool another name.")]
    public void A_tool_with_a_bad_or_reserved_name_fails_the_build_naming_it(string name, string message)
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(new TestChatClient())
            .UseImageGenerator(new TestImageGenerator())
            .AddTool(AIFunctionFactory.Create(() => "sunny", name));

        ArgumentException failure = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.Equal($"{message} (Parameter 'tool')", failure.Message);
    }

    [Fact]
    public void Two_tools_with_one_name_fail_the_build_naming_it()
    {
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(new TestChatClient())
            .UseImageGenerator(new TestImageGenerator())
            .AddTool(AIFunctionFactory.Create(() => "sunny", "get_weather"))
            .AddTool(AIFunctionFactory.Create(() => "rainy", "get_weather"));

        ArgumentException failure = Assert.Throws<ArgumentException>(() => builder.Build());

        Assert.StartsWith("Two tools are named 'get_weather'; the model calls tools by name, so names must be unique.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_of_a_conversation_follow_the_same_rules_and_valid_ones_reach_the_request_once()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        ArgumentException reserved = Assert.Throws<ArgumentException>("options", () => harness.Client.StartConversation(new ConversationOptions
        {
            ChatOptions = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "a cat", "generate_image")] },
        }));
        ArgumentException invalid = Assert.Throws<ArgumentException>("options", () => harness.Client.StartConversation(new ConversationOptions
        {
            ChatOptions = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "sunny", "get weather")] },
        }));
        IImageChatConversation conversation = harness.Client.StartConversation(new ConversationOptions
        {
            ChatOptions = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "sunny", "get_weather")] },
        });
        harness.Server.EnqueueCompletion(ChatCompletions.Reply("Hello."));

        await conversation.SendAsync("hello");

        Assert.Contains("'generate_image' is reserved", reserved.Message, StringComparison.Ordinal);
        Assert.Contains("'get weather' is not valid", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["generate_image", "edit_image", "get_weather"],
            harness.Server.ChatRequests[0].Json.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task A_second_live_conversation_with_the_same_id_is_refused_and_the_call_log_numbers_each_call_once()
    {
        using TempDirectory logs = new();
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.UseCallLog(logs.Path));
        IImageChatConversation conversation = harness.Client.StartConversation(new ConversationOptions { Id = "support-42" });

        ArgumentException duplicate = Assert.Throws<ArgumentException>("options", () => harness.Client.StartConversation(new ConversationOptions { Id = "support-42" }));

        Assert.Equal(
            "This client already has a conversation with the id 'support-42'; ids must be unique per client (ConversationOptions.Id), as they name the call log. (Parameter 'options')",
            duplicate.Message);
        harness.Server.EnqueueCompletion(ChatCompletions.Reply("Hello."));
        await conversation.SendAsync("hello");
        await harness.AssertNextTurnSucceedsAsync(conversation);
        string log = await File.ReadAllTextAsync(Path.Combine(logs.Path, "support-42.md"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "### Call #1 "));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "### Call #2 "));
        GC.KeepAlive(conversation);
    }
}
