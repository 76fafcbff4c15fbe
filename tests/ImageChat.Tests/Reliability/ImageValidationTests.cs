using System.Text;
using System.Text.Json;
using ImageChat.Tests.Resilience;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Reliability;

/// <summary>Issue 9, finding 5: only bytes that are an image by their signature are saved, under the extension of their real format.</summary>
public sealed class ImageValidationTests
{
    private const string NotAnImage = "Error: no image was generated: the image service answered with something that is not an image. Tell the user that it may work if they try again later.";
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>Sign in to continue</body></html>");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDB }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, "image/webp")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, "image/gif")]
    [InlineData(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' }, null)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, null)]
    [InlineData(new byte[0], null)]
    public void Formats_are_told_by_their_signature(byte[] data, string? mediaType) =>
        Assert.Equal(mediaType, ImageMediaType.Detect(data));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Base64_of_an_html_page_is_an_invalid_response_reported_to_the_model_and_nothing_is_saved(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Html));
        harness.ChatAnswersAfterTheTool("Sorry, the picture failed.");

        ChatTurnResult turn = await conversation.RunTurnAsync(SeedLog.UserMessages[0], streamed);

        Assert.Equal(NotAnImage, harness.ToolResultSentIn(1));
        Assert.Empty(turn.Images);
        Assert.Equal(0, harness.SavedFiles);
        Assert.Single(harness.Server.ImageRequests); // Not retried: the image model did answer.
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_url_that_answers_html_fails_the_turn_as_an_invalid_image_response_under_FailTurn(bool streamed)
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(imageFailureHandling: ImageFailureHandling.FailTurn);
        IImageChatConversation conversation = harness.Client.StartConversation();
        Uri url = harness.Server.ServeFile("img-1.png", Html, "text/html");
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImageJson(JsonSerializer.Serialize(new { created = 1754292100, data = new[] { new { url } } }));

        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() => conversation.RunTurnAsync(SeedLog.UserMessages[0], streamed));

        Assert.Equal(ModelOperation.Image, failure.Operation);
        Assert.Equal(ModelCallFailureKind.InvalidResponse, failure.Kind);
        Assert.Equal("The generated image's URL answered with content type 'text/html', not an image.", failure.Message);
        Assert.Empty(failure.ImagesSavedBeforeFailure);
        Assert.Equal(0, harness.SavedFiles);
        Assert.Single(conversation.History);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task Bytes_a_custom_generator_calls_png_but_are_not_an_image_are_refused_by_the_engine()
    {
        TestImageGenerator generator = Claiming(Html, "image/png");
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.UseImageGenerator(generator));
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.ChatCallsTheImageTool().ChatAnswersAfterTheTool("Sorry, the picture failed.");

        ChatTurnResult turn = await conversation.SendAsync(SeedLog.UserMessages[0]);

        Assert.Equal(NotAnImage, harness.ToolResultSentIn(1));
        Assert.Empty(turn.Images);
        Assert.Equal(0, harness.SavedFiles);
        Assert.Equal(1, generator.Calls);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task A_jpeg_is_saved_as_a_jpg_whatever_its_generator_called_it()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync(customize: b => b.UseImageGenerator(Claiming(Jpeg, "image/png")));
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.ChatCallsTheImageTool().ChatAnswersAfterTheTool();

        ChatTurnResult turn = await conversation.SendAsync(SeedLog.UserMessages[0]);

        ConversationImage image = Assert.Single(turn.Images);
        Assert.Matches("^generated_[0-9a-f]{8}\\.jpg$", image.FileName);
        Assert.Equal("image/jpeg", image.MediaType);
        Assert.Equal(Jpeg, await File.ReadAllBytesAsync(image.Location));
        Assert.StartsWith($"Image generated successfully and saved to {image.FileName}.", harness.ToolResultSentIn(1), StringComparison.Ordinal);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    [Fact]
    public async Task An_inline_jpeg_from_openai_is_saved_as_a_jpg()
    {
        await using ResilienceHarness harness = await ResilienceHarness.StartAsync();
        IImageChatConversation conversation = harness.Client.StartConversation();
        harness.ChatCallsTheImageTool();
        harness.Server.EnqueueImageJson(FakeOpenAIServer.ImageJson(Jpeg));
        harness.ChatAnswersAfterTheTool();

        ChatTurnResult turn = await conversation.SendAsync(SeedLog.UserMessages[0]);

        ConversationImage image = Assert.Single(turn.Images);
        Assert.EndsWith(".jpg", image.FileName, StringComparison.Ordinal);
        Assert.Equal("image/jpeg", image.MediaType);
        await harness.AssertNextTurnSucceedsAsync(conversation);
    }

    /// <summary>A generator that returns these bytes and calls them <paramref name="mediaType"/>.</summary>
    private static TestImageGenerator Claiming(byte[] data, string mediaType) =>
        new() { GenerateCallback = (_, _) => Task.FromResult(new TextToImageResult(data, mediaType)) };
}
