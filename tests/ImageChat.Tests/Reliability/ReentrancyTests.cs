using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 1: a tool that sends on the conversation running it is refused at once instead of hanging it.</summary>
public sealed class ReentrancyTests
{
    /// <summary>Guards the test run against the hang this fixes; never reached when the code is right.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tool_that_sends_on_its_own_conversation_is_refused_at_once_and_the_turn_ends(bool streamed)
    {
        IImageChatConversation? conversation = null;
        InvalidOperationException? refused = null;
        AIFunction askAgain = AIFunctionFactory.Create(
            async () =>
            {
                refused = await Assert.ThrowsAsync<InvalidOperationException>(() => conversation!.SendAsync("ask yourself"));
                return "The conversation refused the nested message.";
            },
            "ask_again");
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.AddTool(askAgain));
        conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.ToolCalls(("call_again", "ask_again", "{}")));
        harness.Server.EnqueueCompletion(ChatCompletions.Reply("I could not ask myself."));

        ChatTurnResult turn = await conversation.RunTurnAsync("ask yourself something", streamed).WaitAsync(HangGuard);

        Assert.Equal("I could not ask myself.", turn.Text);
        Assert.Equal(
            $"A tool called SendAsync on conversation '{conversation.Id}' while a turn of that conversation was running the tool; the call would wait for its own turn forever. Return what the tool has to say as its result, or use another conversation.",
            refused!.Message);
        Assert.Equal(2, harness.Server.ChatRequests.Count); // The nested send sent nothing.
        Assert.Equal("\"The conversation refused the nested message.\"", harness.ToolResultSentIn(1)); // AIFunctionFactory sends a string result as JSON.
        Assert.Equal(5, conversation.History.Count);
        await harness.AssertNextTurnSucceedsAsync(conversation).WaitAsync(HangGuard);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tool_that_streams_a_turn_of_its_own_conversation_is_refused_at_once(bool streamed)
    {
        IImageChatConversation? conversation = null;
        InvalidOperationException? refused = null;
        AIFunction askAgain = AIFunctionFactory.Create(
            async () =>
            {
                refused = await Assert.ThrowsAsync<InvalidOperationException>(() => conversation!.RunTurnAsync("ask yourself", streamed: true));
                return "refused";
            },
            "ask_again");
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.AddTool(askAgain));
        conversation = harness.Client.StartConversation();
        harness.Server
            .EnqueueCompletion(ChatCompletions.ToolCalls(("call_again", "ask_again", "{}")))
            .EnqueueCompletion(ChatCompletions.Reply("I could not ask myself."));

        ChatTurnResult turn = await conversation.RunTurnAsync("ask yourself something", streamed).WaitAsync(HangGuard);

        Assert.Equal("I could not ask myself.", turn.Text);
        Assert.StartsWith($"A tool called SendStreamingAsync on conversation '{conversation.Id}' while a turn of that conversation was running the tool", refused!.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Server.ChatRequests.Count);
        await harness.AssertNextTurnSucceedsAsync(conversation).WaitAsync(HangGuard);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_send_that_comes_back_through_another_conversation_is_refused_too(bool streamed)
    {
        IImageChatConversation? first = null;
        IImageChatConversation? second = null;
        InvalidOperationException? refused = null;
        AIFunction askSecond = AIFunctionFactory.Create(
            async () => (await second!.SendAsync("ask the first one")).Text,
            "ask_second");
        AIFunction askFirst = AIFunctionFactory.Create(
            async () =>
            {
                refused = await Assert.ThrowsAsync<InvalidOperationException>(() => first!.SendAsync("back to you"));
                return "refused";
            },
            "ask_first");
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.AddTool(askSecond).AddTool(askFirst));
        first = harness.Client.StartConversation(new ConversationOptions { Id = "first" });
        second = harness.Client.StartConversation(new ConversationOptions { Id = "second" });
        harness.Server
            .EnqueueCompletion(ChatCompletions.ToolCalls(("call_1", "ask_second", "{}")))
            .EnqueueCompletion(ChatCompletions.ToolCalls(("call_2", "ask_first", "{}")))
            .EnqueueCompletion(ChatCompletions.Reply("The first one is busy."))
            .EnqueueCompletion(ChatCompletions.Reply("The second one says the first one is busy."));

        ChatTurnResult turn = await first.RunTurnAsync("ask the second one", streamed).WaitAsync(HangGuard);

        Assert.Equal("The second one says the first one is busy.", turn.Text);
        Assert.Contains("conversation 'first'", refused!.Message, StringComparison.Ordinal);
        Assert.Equal(4, harness.Server.ChatRequests.Count);
        Assert.Equal(5, second.History.Count);
        await harness.AssertNextTurnSucceedsAsync(first).WaitAsync(HangGuard);
    }
}
