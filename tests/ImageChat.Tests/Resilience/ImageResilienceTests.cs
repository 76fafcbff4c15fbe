using ImageChat.Tests.TestDoubles;
using Microsoft.AspNetCore.Http;

namespace ImageChat.Tests.Resilience;

/// <summary>
/// Faults of the image model over real HTTP, through the <c>generate_image</c> tool: which are retried, which are
/// not because the image may already have been made (so that one tool call never pays for two images), how a
/// failure reaches the chat model as a tool result it explains, and that the next turn works.
/// </summary>
public sealed class ImageResilienceTests
{
    private const string Explanation = "Sorry, I could not make that picture.";

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_server_error_is_retried_and_one_image_is_saved(int status)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(ResilienceHarness.Error(status, null));
        harness.ImageIsMade().ChatAnswersAfterTheTool();
        IImageChatConversation conversation = harness.Client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync(ResilienceHarness.PictureRequest);

        Assert.Equal(2, harness.Server.ImageRequests.Count);
        Assert.Single(turn.Images);
        Assert.Equal(1, harness.SavedFiles);
        Assert.StartsWith("Image generated successfully", harness.ToolResultSentIn(1), StringComparison.Ordinal);
        Assert.Equal(2, harness.Server.ChatRequests.Count); // The tool ran once: the chat model was not asked again.
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData("Retry-After", "20", 20_000)]
    [InlineData("retry-after-ms", "2500", 2_500)]
    public async Task A_rate_limit_is_retried_after_the_wait_the_server_asked_for(string header, string value, int waitMs)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(ResilienceHarness.RateLimited(header, value));
        harness.ImageIsMade().ChatAnswersAfterTheTool();
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await harness.Time.AdvanceWhenTimerAsync(TimeSpan.FromMilliseconds(waitMs));
        ChatTurnResult turn = await sending;

        Assert.Equal(2, harness.Server.ImageRequests.Count);
        Assert.Single(turn.Images);
        Assert.Equal(1, harness.SavedFiles);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    public static TheoryData<string> PossiblyProcessedFaults() => ["connection reset", "malformed JSON"];

    [Theory]
    [MemberData(nameof(PossiblyProcessedFaults))]
    public async Task A_call_the_image_model_may_have_processed_is_not_retried_and_the_model_explains(string fault)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(fault == "connection reset" ? FakeOpenAIServer.Reset() : ResilienceHarness.Malformed());
        harness.ChatAnswersAfterTheTool(Explanation);
        IImageChatConversation conversation = harness.Client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync(ResilienceHarness.PictureRequest);

        Assert.Single(harness.Server.ImageRequests);
        Assert.Empty(turn.Images);
        Assert.Equal(0, harness.SavedFiles);
        Assert.Contains("no image was generated", harness.ToolResultSentIn(1), StringComparison.Ordinal);
        Assert.Equal(Explanation, turn.Text);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task An_image_slower_than_the_attempt_timeout_is_not_requested_twice()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(harness.Server.Hang(arrived));
        harness.ImageIsMade(); // Would be served to a second request, if one came.
        harness.ChatAnswersAfterTheTool(Explanation);
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromMinutes(5)); // The default image attempt timeout.
        ChatTurnResult turn = await sending;

        Assert.Single(harness.Server.ImageRequests);
        Assert.Empty(turn.Images);
        Assert.Equal(0, harness.SavedFiles);
        Assert.Contains("did not answer in time", harness.ToolResultSentIn(1), StringComparison.Ordinal);
        Assert.Equal(Explanation, turn.Text);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task RetryWhenPossiblyProcessed_retries_a_timed_out_image()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(o => o.Image.RetryWhenPossiblyProcessed = true);
        TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(harness.Server.Hang(arrived));
        harness.ImageIsMade().ChatAnswersAfterTheTool();
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        ChatTurnResult turn = await sending;

        Assert.Equal(2, harness.Server.ImageRequests.Count);
        Assert.Single(turn.Images);
        Assert.Equal(1, harness.SavedFiles);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData(400, "content_policy_violation", "safety system refused")]
    [InlineData(429, "insufficient_quota", "quota is used up")]
    [InlineData(401, "invalid_api_key", "refused the credentials")]
    public async Task A_refusal_is_not_retried_and_becomes_a_tool_result_the_model_explains(int status, string code, string toolResult)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(ResilienceHarness.Error(status, code, "Your request was rejected as a result of our safety system."));
        harness.ChatAnswersAfterTheTool(Explanation);
        IImageChatConversation conversation = harness.Client.StartConversation();

        ChatTurnResult turn = await conversation.SendAsync(ResilienceHarness.PictureRequest);

        Assert.Single(harness.Server.ImageRequests);
        Assert.Empty(turn.Images);
        Assert.Contains(toolResult, harness.ToolResultSentIn(1), StringComparison.Ordinal);
        Assert.DoesNotContain(ResilienceHarness.ApiKey, harness.ToolResultSentIn(1), StringComparison.Ordinal);
        Assert.Equal(Explanation, turn.Text);
        Assert.Equal(4, conversation.History.Count - 1); // user, tool call, tool result, explanation
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task With_FailTurn_the_total_timeout_fails_the_turn_with_an_image_timeout()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(
            o =>
            {
                o.Image.TotalTimeout = TimeSpan.FromMinutes(4);
                o.Image.AttemptTimeout = TimeSpan.FromMinutes(3);
                o.Image.RetryWhenPossiblyProcessed = true;
            },
            ImageFailureHandling.FailTurn);
        TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource second = new(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImage(harness.Server.Hang(first)).EnqueueImage(harness.Server.Hang(second));
        IImageChatConversation conversation = harness.Client.StartConversation();

        Task<ChatTurnResult> sending = conversation.SendAsync(ResilienceHarness.PictureRequest);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromMinutes(3));
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => sending);

        Assert.Equal(ModelOperation.Image, failure.Operation);
        Assert.Equal(ModelCallFailureKind.Timeout, failure.Kind);
        Assert.Contains("image model", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Server.ImageRequests.Count);
        Assert.Single(harness.Server.ChatRequests);
        Assert.Single(conversation.History);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task With_FailTurn_an_open_circuit_fails_the_turn_with_an_image_circuit_failure()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(
            o =>
            {
                o.Image.MaxRetryAttempts = 1;
                o.Image.MinimumThroughput = 2;
                o.Image.FailureRatio = 1;
            },
            ImageFailureHandling.FailTurn);
        harness.ChatCallsTheImageTool().ChatCallsTheImageTool();
        harness.Server.EnqueueImage(ResilienceHarness.Error(503, null)).EnqueueImage(ResilienceHarness.Error(503, null));
        IImageChatConversation conversation = harness.Client.StartConversation();
        Assert.Equal(503, (await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest))).StatusCode);

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.SendAsync(ResilienceHarness.PictureRequest));

        Assert.Equal(ModelOperation.Image, failure.Operation);
        Assert.Equal(ModelCallFailureKind.CircuitOpen, failure.Kind);
        Assert.Equal(2, harness.Server.ImageRequests.Count);
        Assert.Single(conversation.History);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }
}
