using ImageChat.Samples.Demo;
using ImageChat.Tests.TestDoubles;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace ImageChat.Tests.Samples;

/// <summary>
/// The "done when", offline: with the demo models, "paint now a wolf in the moon" then "make it now an elephant"
/// gives two PNGs, the second an edit of the first (the engine read the wolf's file and recorded it as the parent).
/// </summary>
public sealed class DemoEditTests : IDisposable
{
    private readonly TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task Make_it_now_an_elephant_edits_the_wolf_and_records_it_as_the_parent()
    {
        using IImageChatClient client = new ImageChatBuilder()
            .UseChatClient(new DemoChatClient())
            .UseImageGenerator(new DemoImageGenerator())
            .UseImageDirectory(_images.Path)
            .Build();
        IImageChatConversation conversation = client.StartConversation();

        ChatTurnResult first = await conversation.SendAsync("paint now a wolf in the moon");
        ConversationImage wolf = Assert.Single(first.Images);
        MarkSky(wolf.Location); // A mark no painter would paint: if the elephant carries it, it was made from this file.
        ChatTurnResult second = await conversation.SendAsync("make it now an elephant");

        FunctionCallContent call = Assert.Single(second.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(ImageChatDefaults.EditImageToolName, call.Name);
        Assert.Equal("A picture of an elephant in the moon.", call.Arguments!["description"]?.ToString());
        ConversationImage elephant = Assert.Single(second.Images);
        Assert.Equal((wolf.FileName, wolf.Id), (elephant.ParentFileName, elephant.ParentId));
        Assert.Equal(elephant, conversation.CurrentImage);
        Assert.Equal(new[] { wolf.FileName, elephant.FileName }.Order(StringComparer.Ordinal), _images.Files("generated_*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using SKBitmap picture = SKBitmap.Decode(elephant.Location);
        Assert.Equal([Mark], DemoPainterTests.Pixels(picture, MarkArea));
        IReadOnlyCollection<SKColor> middle = DemoPainterTests.Pixels(picture, SKRectI.Create(200, 250, 240, 240));
        Assert.Contains(DemoPainterTests.Elephant, middle);
        Assert.DoesNotContain(DemoPainterTests.Wolf, middle);
        Assert.StartsWith($"(demo model) Here is what the image tool reported: Image edited successfully from {wolf.FileName} and saved to {elephant.FileName}.", second.Text, StringComparison.Ordinal);
    }

    private static readonly SKColor Mark = new(0xFF, 0x00, 0xFF);

    private static readonly SKRectI MarkArea = SKRectI.Create(20, 150, 40, 40);

    private static void MarkSky(string path)
    {
        using SKBitmap picture = SKBitmap.Decode(path);
        using (SKCanvas canvas = new(picture))
        using (SKPaint paint = new() { Color = Mark })
        {
            canvas.DrawRect(MarkArea, paint);
        }

        using SKData png = picture.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}
