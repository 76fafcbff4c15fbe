using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace ImageChat.Tests.Resilience;

/// <summary>
/// Faults of the chat model over real HTTP, through the whole client: which are retried (below the function loop, so
/// never re-running a tool), which surface as a typed <see cref="ModelCallException"/>, and that the next turn works.
/// </summary>
public sealed class ChatResilienceTests
{
    public static TheoryData<string> RetriedFaults() => ["500", "502", "503", "504", "408", "connection reset", "malformed JSON"];

    private static Func<HttpContext, Task> Fault(string name) => name switch
    {
        "connection reset" => FakeOpenAIServer.Reset(),
        "malformed JSON" => ResilienceHarness.Malformed(),
        _ => ResilienceHarness.Error(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture), null),
    };

    [Theory]
    [MemberData(nameof(RetriedFaults))]
    public async Task A_transient_fault_is_retried_and_the_turn_succeeds(string fault)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.Server.EnqueueChat(Fault(fault));
        harness.PictureTurnSucceeds();
        IImageChatConversation conversation = harness.Client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync(ResilienceHarness.PictureRequest);

        Assert.Equal(3, harness.Server.ChatRequests.Count); // The failed attempt, its retry, the answer after the tool.
        Assert.Equal(harness.Server.ChatRequests[0].Body, harness.Server.ChatRequests[1].Body);
        Assert.Single(harness.Server.ImageRequests);
        Assert.Single(turn.Images);
        Assert.Equal(1, harness.SavedFiles);
        Assert.Equal(2, turn.Calls.Count); // Retries are hidden from the call log: one logical call each.
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData("Retry-After", "7", 7_000)]
    [InlineData("retry-after-ms", "1500", 1_500)]
    public async Task A_rate_limit_is_retried_after_the_wait_the_server_asked_for(string header, string value, int waitMs)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.Server.EnqueueChat(ResilienceHarness.RateLimited(header, value));
        harness.PictureTurnSucceeds();
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await harness.Time.AdvanceWhenTimerAsync(TimeSpan.FromMilliseconds(waitMs)); // Back-off is zero here: only the server's wait makes this timer.
        ChatTurnResult turn = await sending;

        Assert.Equal(3, harness.Server.ChatRequests.Count);
        Assert.Single(turn.Images);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData(400, "content_policy_violation")]
    [InlineData(400, null)]
    [InlineData(401, "invalid_api_key")]
    [InlineData(403, null)]
    [InlineData(404, "model_not_found")]
    [InlineData(429, "insufficient_quota")]
    public async Task A_refusal_is_not_retried_and_fails_the_turn_with_a_typed_exception(int status, string? code)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.Server.EnqueueChat(ResilienceHarness.Error(status, code, $"Refused. Incorrect API key provided: {ResilienceHarness.ApiKey}."));
        IImageChatConversation conversation = harness.Client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        Assert.Equal(ModelOperation.Chat, failure.Operation);
        Assert.Equal(status, failure.StatusCode);
        Assert.Single(harness.Server.ChatRequests);
        Assert.Empty(harness.Server.ImageRequests);
        Assert.DoesNotContain(ResilienceHarness.ApiKey, failure.ToString(), StringComparison.Ordinal);
        Assert.Single(conversation.History); // The system prompt only: the failed turn left nothing.
        harness.PictureTurnSucceeds();
        Assert.Single((await conversation.SendAsync(ResilienceHarness.PictureRequest)).Images);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task A_wait_longer_than_MaxRetryAfter_fails_at_once()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(o => o.Chat.MaxRetryAfter = TimeSpan.FromSeconds(30));
        harness.Server.EnqueueChat(ResilienceHarness.RateLimited("Retry-After", "120"));
        IImageChatConversation conversation = harness.Client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        Assert.Equal(429, failure.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), failure.RetryAfter);
        Assert.Single(harness.Server.ChatRequests);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_abandoned_and_retried()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Server.EnqueueChat(harness.Server.Hang(arrived));
        harness.PictureTurnSucceeds();
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(100)); // The default attempt timeout.
        ChatTurnResult turn = await sending;

        Assert.Equal(3, harness.Server.ChatRequests.Count);
        Assert.Single(turn.Images);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task The_total_timeout_fails_the_turn_with_a_chat_timeout()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(o => o.Chat.TotalTimeout = TimeSpan.FromSeconds(150));
        TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Server.EnqueueChat(harness.Server.Hang(first)).EnqueueChat(harness.Server.Hang(second));
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(100)); // The first attempt times out and is retried.
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(50)); // The whole call has now taken 150 s.
        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => sending);

        Assert.Equal(ModelOperation.Chat, failure.Operation);
        Assert.Equal(ModelCallFailureKind.Timeout, failure.Kind);
        Assert.Contains("chat model", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Server.ChatRequests.Count);
        Assert.Single(conversation.History);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task When_every_attempt_fails_the_last_failure_surfaces_after_MaxRetryAttempts()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        for (int i = 0; i < 4; i++)
        {
            harness.Server.EnqueueChat(ResilienceHarness.Error(503, null));
        }

        IImageChatConversation conversation = harness.Client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        Assert.Equal(503, failure.StatusCode);
        Assert.Equal(4, harness.Server.ChatRequests.Count); // 1 + the default 3 retries.
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task An_open_circuit_fails_calls_at_once_with_a_typed_exception_until_the_break_ends()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(o =>
        {
            o.Chat.MaxRetryAttempts = 1;
            o.Chat.MinimumThroughput = 2;
            o.Chat.FailureRatio = 1;
            o.Chat.BreakDuration = TimeSpan.FromSeconds(30);
        });
        harness.Server.EnqueueChat(ResilienceHarness.Error(503, null)).EnqueueChat(ResilienceHarness.Error(503, null));
        IImageChatConversation conversation = harness.Client.StartConversation();
        await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        Assert.Equal(ModelOperation.Chat, failure.Operation);
        Assert.Equal(ModelCallFailureKind.CircuitOpen, failure.Kind);
        Assert.Contains("chat model", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Server.ChatRequests.Count); // The open circuit sent nothing.
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task With_the_pipeline_disabled_nothing_is_retried()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(o => o.Chat.Enabled = false);
        harness.Server.EnqueueChat(ResilienceHarness.Error(503, null));
        IImageChatConversation conversation = harness.Client.StartConversation();

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        Assert.Equal(503, failure.StatusCode);
        Assert.Single(harness.Server.ChatRequests);
    }
}
