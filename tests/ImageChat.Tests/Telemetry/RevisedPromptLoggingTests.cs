using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ImageChat.Tests.Telemetry;

/// <summary>A prompt the image model rewrote (dall-e-3 does) is on the image, and in the logs at Trace only: it is model text.</summary>
public sealed class RevisedPromptLoggingTests : IDisposable
{
    private const string Revised = "A pink earthworm on dark, moist soil, photographed close up.";
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    private async Task<(ChatTurnResult Turn, FakeLogCollector Logs)> RunAsync(LogLevel minimumLevel)
    {
        FakeLogCollector logs = new();
        TestImageGenerator generator = new()
        {
            GenerateCallback = (_, _) => Task.FromResult(new TextToImageResult(TestImageGenerator.PngBytes, ImageMediaType.Png) { RevisedPrompt = Revised }),
        };
        ImageChatBuilder builder = new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "A worm"), _ => TestChatClient.Reply("Here it is.")))
            .UseImageGenerator(generator)
            .UseImageDirectory(_images.Path);
        builder.Services.AddLogging(b => b.SetMinimumLevel(minimumLevel).AddProvider(new FakeLoggerProvider(logs)));
        using IImageChatClient client = builder.Build();
        ChatTurnResult turn = await client.StartConversation().SendAsync("create the image of a worm");
        return (turn, logs);
    }

    [Fact]
    public async Task The_revised_prompt_is_on_the_image_and_logged_at_trace()
    {
        (ChatTurnResult turn, FakeLogCollector logs) = await RunAsync(LogLevel.Trace);

        ConversationImage image = Assert.Single(turn.Images);
        Assert.Equal(Revised, image.RevisedPrompt);
        FakeLogRecord record = Assert.Single(logs.GetSnapshot(), r => r.Id.Id == 2008);
        Assert.Equal(LogLevel.Trace, record.Level);
        Assert.Equal($"The image model revised the prompt of {image.FileName}: {Revised}", record.Message);
    }

    [Fact]
    public async Task Below_trace_no_record_carries_the_revised_prompt()
    {
        (_, FakeLogCollector logs) = await RunAsync(LogLevel.Debug);

        Assert.NotEmpty(logs.GetSnapshot());
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains(Revised, StringComparison.Ordinal));
    }
}
