using ImageChat.Samples.Demo;
using Microsoft.Extensions.AI;
using SkiaSharp;

namespace ImageChat.Tests.Samples;

/// <summary>The offline demo painter: what it reads from a description, and that the PNG it paints shows it.</summary>
public sealed class DemoPainterTests
{
    [Fact]
    public void A_description_names_the_subjects_in_order_the_time_of_day_the_ground_and_the_colour()
    {
        DemoScene scene = DemoScene.Parse("A picture of a red cat next to a house and two trees in the snow.");

        Assert.Equal([DemoSubject.Cat, DemoSubject.House, DemoSubject.Tree], scene.Subjects);
        Assert.Equal(new SKColor(0xE5, 0x39, 0x35), scene.Colour);
        Assert.Equal(DemoGround.Snow, scene.Ground);
        Assert.False(scene.IsNight);
        Assert.Equal("A picture of a red cat next to a house and two trees in the snow.", scene.Caption);
    }

    [Fact]
    public void The_moon_makes_it_night()
    {
        DemoScene scene = DemoScene.Parse("A picture of an elephant in the moon.");

        Assert.True(scene.IsNight);
        Assert.Equal([DemoSubject.Elephant], scene.Subjects);
        Assert.Equal(DemoGround.Grass, scene.Ground);
        Assert.Null(scene.Colour);
    }

    [Fact]
    public async Task An_edit_keeps_the_parents_sky_ground_and_side_subjects_and_replaces_the_main_subject_and_the_caption()
    {
        DemoImageGenerator painter = new();
        TextToImageResult parent = await painter.GenerateImageAsync(new TextToImageRequest("A picture of a wolf and a tree in the snow at night."));

        // The edit's description says nothing of night or snow: what survives of them comes from the parent's pixels.
        TextToImageResult edited = await painter.EditImageAsync(
            new DataContent(parent.Data, parent.MediaType) { Name = "generated_0badf00d.png" },
            new TextToImageRequest("A picture of an elephant."));

        Assert.Equal(("image/png", DemoImageGenerator.ModelId), (edited.MediaType, edited.ModelId));
        using SKBitmap before = SKBitmap.Decode(parent.Data.ToArray());
        using SKBitmap after = SKBitmap.Decode(edited.Data.ToArray());
        using SKBitmap fresh = SKBitmap.Decode((await painter.GenerateImageAsync(new TextToImageRequest("A picture of an elephant."))).Data.ToArray());
        SKRectI sky = SKRectI.Create(0, 0, DemoPainter.Size, 200), tree = SKRectI.Create(0, 300, 140, 200), main = SKRectI.Create(200, 250, 240, 240);
        Assert.Equal(Pixels(before, sky, distinct: false), Pixels(after, sky, distinct: false));   // the night sky and moon, as they were
        Assert.NotEqual(Pixels(fresh, sky, distinct: false), Pixels(after, sky, distinct: false)); // not the day sky the description alone paints
        Assert.Equal(Pixels(before, tree, distinct: false), Pixels(after, tree, distinct: false)); // the tree at the side and the snow under it
        Assert.Contains(Wolf, Pixels(before, main));
        Assert.DoesNotContain(Wolf, Pixels(after, main));
        Assert.Contains(Elephant, Pixels(after, main));
        Assert.NotEqual(Pixels(before, Caption, distinct: false), Pixels(after, Caption, distinct: false));
    }

    [Fact]
    public async Task An_edit_of_bytes_that_are_no_image_fails_as_the_image_model_would()
    {
        ModelCallException failure = await Assert.ThrowsAsync<ModelCallException>(() =>
            new DemoImageGenerator().EditImageAsync(new DataContent("not a png"u8.ToArray(), "image/png") { Name = "generated_0badf00d.png" }, new TextToImageRequest("A cat.")));

        Assert.Equal((ModelOperation.Image, ModelCallFailureKind.HttpError), (failure.Operation, failure.Kind));
        Assert.Equal("The demo painter cannot edit generated_0badf00d.png: The picture to edit (9 bytes) is no image SkiaSharp can decode. (Parameter 'parentImage')", failure.Message);
    }

    [Fact]
    public async Task A_day_picture_has_a_blue_sky_a_green_ground_and_the_subject_in_the_middle()
    {
        using SKBitmap picture = await PaintAsync("A picture of a worm.");

        Assert.Equal((DemoPainter.Size, DemoPainter.Size), (picture.Width, picture.Height));
        SKColor sky = picture.GetPixel(320, 200);
        Assert.True(sky.Blue > 200 && sky.Red < 180, $"sky is {sky}");
        SKColor ground = picture.GetPixel(600, 470);
        Assert.True(ground.Green > ground.Red && ground.Green > ground.Blue, $"ground is {ground}");
        Assert.Contains(new SKColor(0xF0, 0x7C, 0x9B), Pixels(picture, SKRectI.Create(120, 300, 400, 200))); // the worm's pink
    }

    [Fact]
    public async Task A_night_picture_has_a_dark_sky_and_the_named_colour_on_the_main_subject()
    {
        using SKBitmap picture = await PaintAsync("A picture of a blue wolf in the moon.");

        SKColor sky = picture.GetPixel(320, 20);
        Assert.True(sky.Red < 40 && sky.Green < 40 && sky.Blue < 80, $"sky is {sky}");
        Assert.Contains(new SKColor(0x1E, 0x88, 0xE5), Pixels(picture, SKRectI.Create(150, 220, 340, 260)));
    }

    [Fact]
    public async Task The_caption_is_large_white_and_centred_on_a_dark_band_at_the_bottom()
    {
        using SKBitmap picture = await PaintAsync("A picture of a worm.");

        SKRectI band = Caption;
        List<SKPointI> ink = [];
        for (int y = band.Top; y < band.Bottom; y++)
        {
            for (int x = band.Left; x < band.Right; x++)
            {
                SKColor pixel = picture.GetPixel(x, y);
                if (pixel.Red > 240 && pixel.Green > 240 && pixel.Blue > 240)
                {
                    ink.Add(new SKPointI(x, y));
                }
            }
        }

        int left = ink.Min(p => p.X), right = ink.Max(p => p.X), top = ink.Min(p => p.Y), bottom = ink.Max(p => p.Y);
        Assert.InRange((left + right) / 2, 310, 330);              // centred
        Assert.InRange(bottom - top, 28, 60);                       // capital letters and descenders of a 36 px font
        Assert.InRange(right - left, 300, DemoPainter.Size - 40);   // wide, not a label in a corner
        SKColor behind = picture.GetPixel(8, 630);
        Assert.True(behind.Red < 60 && behind.Green < 60, $"band is {behind}");
    }

    [Theory]
    [InlineData("A picture of a worm.", 568)] // one line of 36 px
    [InlineData("A picture of a dog and a car and a flower near the mountains.", 534)] // two lines, shrunk to 32 px to fit in two
    [InlineData("a very long description of a cat a very long description of a cat a very long description of a cat a very long description of a cat a very long description of a cat", 532)] // three lines of 22 px, the last cut
    public async Task The_caption_band_grows_with_the_lines_up_to_three(string description, int bandTop)
    {
        using SKBitmap picture = await PaintAsync(description);

        // Up the left edge from the bottom: the dark band ends where the green ground shows.
        int y = DemoPainter.Size - 1;
        while (picture.GetPixel(4, y).Green < 80)
        {
            y--;
        }

        Assert.Equal(bandTop, y);
    }

    private static async Task<SKBitmap> PaintAsync(string description)
    {
        TextToImageResult result = await new DemoImageGenerator().GenerateImageAsync(new TextToImageRequest(description));
        Assert.Equal("image/png", result.MediaType);
        Assert.Equal(DemoImageGenerator.ModelId, result.ModelId);
        return SKBitmap.Decode(result.Data.ToArray());
    }

    /// <summary>The wolf's and the elephant's own colours (DemoShapes).</summary>
    internal static readonly SKColor Wolf = new(0x7D, 0x8A, 0x96), Elephant = new(0x9A, 0xA8, 0xB5);

    /// <summary>Where the caption band is.</summary>
    internal static readonly SKRectI Caption = SKRectI.Create(0, 560, DemoPainter.Size, 80);

    /// <summary>The colours in an area: each once, or (<paramref name="distinct"/> false) every pixel, row by row, to compare areas.</summary>
    internal static IReadOnlyCollection<SKColor> Pixels(SKBitmap picture, SKRectI area, bool distinct = true)
    {
        List<SKColor> colours = [];
        for (int y = area.Top; y < area.Bottom; y++)
        {
            for (int x = area.Left; x < area.Right; x++)
            {
                colours.Add(picture.GetPixel(x, y));
            }
        }

        return distinct ? colours.ToHashSet() : colours;
    }
}
