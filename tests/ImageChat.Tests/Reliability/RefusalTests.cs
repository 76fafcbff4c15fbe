using System.Text.Json;
using ImageChat.Tests.Resilience;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 6: a refusal, a content-filter stop or a cut reply says so on the result, or as a typed exception.</summary>
public sealed class RefusalTests
{
    private const string Refusal = "I'm sorry, I can't help with that.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refusal_is_on_the_result_and_is_sent_back_as_a_refusal_in_the_next_request(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.Refusal(Refusal));

        ChatTurnResult turn = await conversation.RunTurnAsync("tell me something you may not", streamed);

        Assert.Equal(Refusal, turn.Refusal);
        Assert.Equal(string.Empty, turn.Text);
        Assert.Equal(ChatFinishReason.Stop, turn.FinishReason);
        await harness.AssertNextTurnSucceedsAsync(conversation);
        JsonElement sentBack = harness.Server.ChatRequests[^1].Json.GetProperty("messages")[2];
        Assert.Equal("assistant", sentBack.GetProperty("role").GetString());
        Assert.Equal(Refusal, sentBack.GetProperty("refusal").GetString());
    }

    [Theory]
    [InlineData("content_filter")]
    [InlineData("length")]
    public async Task A_stopped_reply_says_why(string finishReason)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.Reply("Once upon a", finishReason));

        ChatTurnResult turn = await conversation.SendAsync("tell me a long story");

        Assert.Equal(new ChatFinishReason(finishReason), turn.FinishReason);
        Assert.Equal("Once upon a", turn.Text);
        Assert.Null(turn.Refusal);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_ThrowOnRefusal_a_refusal_fails_the_turn_with_a_ChatRefusedException(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.Configure(o => o.ThrowOnRefusal = true));
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.Refusal(Refusal));

        ChatRefusedException refused = await Assert.ThrowsAsync<ChatRefusedException>(() => conversation.RunTurnAsync("tell me something you may not", streamed));

        Assert.Equal(Refusal, refused.Refusal);
        Assert.Equal(ChatFinishReason.Stop, refused.FinishReason);
        Assert.Equal($"The chat model refused to answer: {Refusal}", refused.Message);
        Assert.Single(conversation.History);
        Assert.Equal(1, conversation.Usage.ModelCallCount);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task With_ThrowOnRefusal_a_content_filter_stop_fails_the_turn_too_but_a_cut_reply_does_not()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.Configure(o => o.ThrowOnRefusal = true));
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.Server.EnqueueCompletion(ChatCompletions.Reply(null, "content_filter"));
        harness.Server.EnqueueCompletion(ChatCompletions.Reply("Once upon a", "length"));

        ChatRefusedException filtered = await Assert.ThrowsAsync<ChatRefusedException>(() => conversation.SendAsync("something filtered"));
        ChatTurnResult cut = await conversation.SendAsync("tell me a long story");

        Assert.Null(filtered.Refusal);
        Assert.Equal(ChatFinishReason.ContentFilter, filtered.FinishReason);
        Assert.Equal("The provider's content filter stopped the chat model's reply.", filtered.Message);
        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(3, conversation.History.Count);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }
}
