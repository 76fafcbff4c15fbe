using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 2: what a conversation hands out are copies; editing them cannot corrupt the next request.</summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Editing_the_history_the_turn_messages_and_the_calls_changes_nothing_the_next_request_sends(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.PictureTurnSucceeds();
        ChatTurnResult turn = await conversation.RunTurnAsync(SeedLog.UserMessages[0], streamed);
        string before = WireMessages.Serialized(conversation.History);

        IReadOnlyList<ChatMessage> history = conversation.History;
        history[3].Contents.Clear(); // The tool result: the seed's reproduction of the 400.
        ((FunctionCallContent)history[2].Contents[0]).Arguments!.Clear();
        history[4].Contents.Add(new TextContent(" and more"));
        turn.Messages[1].Contents.Clear();
        turn.Messages[2].Contents.Clear();
        turn.Calls[0].Response.Messages[0].Contents.Clear();
        turn.Calls[1].RequestMessages[0].Contents.Clear();
        turn.Calls[1].RequestMessages[3].Contents.Clear();

        Assert.Equal(before, WireMessages.Serialized(conversation.History));
        harness.Server.EnqueueCompletion(SeedLog.Calls[2].ResponseJson);
        await conversation.RunTurnAsync(SeedLog.UserMessages[1], streamed);
        Assert.Equal(
            WireMessages.Canonical(SeedLog.Calls[2].Messages),
            WireMessages.Canonical(harness.Server.ChatRequests[^1].Json.GetProperty("messages")));
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task Each_read_of_the_history_is_a_new_deep_copy_and_a_call_keeps_one_copy_of_its_request()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.PictureTurnSucceeds();
        ChatTurnResult turn = await conversation.SendAsync(SeedLog.UserMessages[0]);

        IReadOnlyList<ChatMessage> first = conversation.History;
        IReadOnlyList<ChatMessage> second = conversation.History;

        Assert.NotSame(first[3], second[3]);
        Assert.NotSame(first[3].Contents, second[3].Contents);
        Assert.NotSame(first[3].Contents[0], second[3].Contents[0]);
        Assert.NotSame(turn.Messages[2], first[3]);
        Assert.Same(turn.Calls[1].RequestMessages[3], turn.Calls[1].RequestMessages[3]);
        Assert.NotSame(turn.Calls[1].RequestMessages[3], first[3]);
        Assert.Equal(WireMessages.Serialized(first), WireMessages.Serialized(turn.Calls[1].RequestMessages.Append(turn.Messages[^1])));
    }
}
