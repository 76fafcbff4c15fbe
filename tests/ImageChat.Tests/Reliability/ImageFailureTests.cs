using System.Text.Json;
using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 7: <see cref="ImageFailureHandling"/> applies to every failure of the image tool, not only to model-call failures.</summary>
public sealed class ImageFailureTests
{
    /// <summary>A dall-e-3 style answer whose URL HttpClient cannot download (a scheme it does not support).</summary>
    private static readonly string UnsupportedUrl =
        JsonSerializer.Serialize(new { created = 1754292100, data = new[] { new { url = "ftp://images.example/img-1.png" } } });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Under_FailTurn_an_unsupported_download_fails_the_turn_with_the_cause_inside(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(imageFailureHandling: ImageFailureHandling.FailTurn);
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImageJson(UnsupportedUrl);

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.RunTurnAsync(SeedLog.UserMessages[0], streamed));

        Assert.Equal(ModelOperation.Image, failure.Operation);
        Assert.Equal(ModelCallFailureKind.Unclassified, failure.Kind);
        Assert.IsType<NotSupportedException>(failure.InnerException);
        Assert.Single(harness.Server.ChatRequests); // The model was not asked to explain: the turn ended.
        Assert.Single(conversation.History);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task Under_ReportToModel_an_unsupported_download_is_explained_to_the_model_not_hidden_as_function_failed()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImageJson(UnsupportedUrl);
        harness.ChatAnswersAfterTheTool("Sorry, the picture failed.");

        ChatTurnResult turn = await conversation.SendAsync(SeedLog.UserMessages[0]);

        Assert.Equal(
            "Error: no image was generated: the image service failed or did not answer in time. Tell the user that it may work if they try again later.",
            harness.ToolResultSentIn(1));
        Assert.Empty(turn.Images);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }
}
