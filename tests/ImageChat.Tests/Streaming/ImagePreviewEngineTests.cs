using System.Runtime.CompilerServices;
using System.Text;
using ImageChat.Tests.TestDoubles;

namespace ImageChat.Tests.Streaming;

/// <summary>Previews from any provider's streaming generator: which reach the reader, and when the stream is asked for at all.</summary>
public sealed class ImagePreviewEngineTests : IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    private IImageChatClient Build(PreviewingGenerator generator) =>
        new ImageChatBuilder()
            .UseChatClient(TestChatClient.Scripted(_ => TestChatClient.ToolCall("call_1", "A worm"), _ => TestChatClient.Reply("Here is the worm.")))
            .UseImageGenerator(generator)
            .UseImageDirectory(_images.Path)
            .Build();

    [Fact]
    public async Task Only_previews_whose_bytes_are_an_image_reach_the_reader()
    {
        PreviewingGenerator generator = new();
        using IImageChatClient client = Build(generator);

        List<TurnUpdate> updates = [];
        await foreach (TurnUpdate update in client.StartConversation().SendStreamingAsync("create the image of a worm"))
        {
            updates.Add(update);
        }

        ImagePreview preview = Assert.Single(updates.OfType<ImagePreview>());
        Assert.Equal(1, preview.Index);
        Assert.Equal(PreviewingGenerator.Preview, preview.Data.ToArray());
        Assert.Equal((1, 0), (generator.Streamed, generator.Generated));
    }

    [Fact]
    public async Task A_turn_that_is_not_streamed_asks_for_the_image_alone()
    {
        PreviewingGenerator generator = new();
        using IImageChatClient client = Build(generator);

        ChatTurnResult turn = await client.StartConversation().SendAsync("create the image of a worm");

        Assert.Single(turn.Images);
        Assert.Equal((0, 1), (generator.Streamed, generator.Generated));
    }

    /// <summary>Streams an HTML error page as preview 0, a PNG as preview 1, then the image.</summary>
    private sealed class PreviewingGenerator : ITextToImageGenerator
    {
        public static readonly byte[] Preview = TestImageEditor.PngFor("preview");

        public int Streamed { get; private set; }

        public int Generated { get; private set; }

        public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
        {
            Generated++;
            return Task.FromResult(new TextToImageResult(TestImageGenerator.PngBytes, ImageMediaType.Png));
        }

        public async IAsyncEnumerable<TextToImageResult> GenerateStreamingImageAsync(TextToImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Streamed++;
            yield return new TextToImageResult(Encoding.UTF8.GetBytes("<html>busy</html>"), ImageMediaType.Png) { PartialImageIndex = 0 };
            yield return new TextToImageResult(Preview, ImageMediaType.Png) { PartialImageIndex = 1 };
            await Task.Yield();
            yield return new TextToImageResult(TestImageGenerator.PngBytes, ImageMediaType.Png);
        }
    }
}
