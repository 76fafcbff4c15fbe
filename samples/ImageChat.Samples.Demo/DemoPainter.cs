using SkiaSharp;

namespace ImageChat.Samples.Demo;

/// <summary>
/// Paints a <see cref="DemoScene"/> as a PNG: sky and ground, the sun or the moon, the subjects, and the caption large
/// and centred at the bottom. <see cref="Edit"/> repaints an earlier picture instead: it keeps the parent's pixels
/// (sky, ground, side subjects) and replaces only the main subject and the caption, so an edit is visibly derived from
/// its parent.
/// </summary>
public static class DemoPainter
{
    /// <summary>The width and height of every demo picture, in pixels.</summary>
    public const int Size = 640;

    private const float Horizon = Size * 0.62f;
    private const float FeetLine = Size * 0.78f;

    /// <summary>Where a caption band can start at the highest (three lines of the smallest font), with a margin.</summary>
    private const int CaptionArea = 530;

    /// <summary>Paints the whole picture for a scene and returns it as PNG bytes.</summary>
    /// <param name="scene">What to paint.</param>
    public static byte[] Paint(DemoScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);

        using SKSurface surface = CreateSurface();
        SKCanvas canvas = surface.Canvas;
        DrawBackdrop(canvas, scene);
        DrawSubjects(canvas, Layout(scene));
        DrawCaption(canvas, scene.Caption);
        DrawLabel(canvas);
        return EncodePng(surface);
    }

    /// <summary>
    /// Edits a picture: starts from the parent's pixels (scaled to <see cref="Size"/>), paints over each place the scene
    /// puts a subject (the middle for the first, the sides for the next two, the sky for a bird) with the sky and ground
    /// seen at the picture's edges, draws the scene's subjects there, and writes the scene's caption in place of the parent's. Everything else
    /// stays as in the parent, whatever the scene says: sky, ground, sun or moon, and the subjects in places the scene
    /// leaves empty.
    /// </summary>
    /// <param name="parentImage">The encoded picture to edit (PNG, JPEG, WebP or GIF).</param>
    /// <param name="scene">What the edited picture shows.</param>
    /// <returns>The edited picture as PNG bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="parentImage"/> is not an image SkiaSharp can decode.</exception>
    public static byte[] Edit(ReadOnlySpan<byte> parentImage, DemoScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);

        using SKData encoded = SKData.CreateCopy(parentImage);
        using SKCodec codec = SKCodec.Create(encoded)
            ?? throw new ArgumentException($"The picture to edit ({parentImage.Length} bytes) is no image SkiaSharp can decode.", nameof(parentImage));
        using SKBitmap decoded = SKBitmap.Decode(codec);
        using SKSurface surface = CreateSurface();
        SKCanvas canvas = surface.Canvas;
        using (SKImage parent = SKImage.FromBitmap(decoded))
        {
            canvas.DrawImage(parent, SKRect.Create(Size, Size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        // The parent as it is: the colours that paint over what goes, and the ground that covers the old caption.
        using SKBitmap original = Pixels(surface);
        List<Placed> placed = Layout(scene);
        foreach (Placed place in placed)
        {
            FillFromEdges(canvas, original, place.Box);
        }

        DrawSubjects(canvas, placed);
        canvas.DrawBitmap(original, SKRect.Create(0, CaptionArea - 1, Size, 1), SKRect.Create(0, CaptionArea, Size, Size - CaptionArea));
        DrawCaption(canvas, scene.Caption);
        return EncodePng(surface);
    }

    /// <summary>Draws the sky (day with the sun and clouds, or night with the moon and stars), any mountains, and the ground.</summary>
    private static void DrawBackdrop(SKCanvas canvas, DemoScene scene)
    {
        (SKColor top, SKColor bottom) sky = scene.IsNight
            ? (new SKColor(0x0B, 0x16, 0x36), new SKColor(0x2C, 0x3E, 0x70))
            : (new SKColor(0x29, 0x9E, 0xE8), new SKColor(0xBF, 0xE8, 0xFB));
        // The sky runs under the hill line so that no gap shows where the hill dips.
        FillGradient(canvas, new SKRect(0, 0, Size, Horizon + 40), sky.top, sky.bottom);

        if (scene.IsNight)
        {
            using SKPaint star = Fill(new SKColor(0xFF, 0xFF, 0xFF, 0xD0));
            foreach ((float x, float y, float r) in Stars)
            {
                canvas.DrawCircle(x * Size, y * Size, r, star);
            }

            using SKPaint moon = Fill(new SKColor(0xFB, 0xF3, 0xC8));
            canvas.DrawCircle(Size * 0.78f, Size * 0.17f, 52, moon);
            using SKPaint shadow = Fill(sky.top);
            canvas.DrawCircle(Size * 0.80f, Size * 0.15f, 44, shadow);
        }
        else
        {
            using SKPaint glow = Fill(new SKColor(0xFF, 0xF5, 0x9D, 0x70));
            canvas.DrawCircle(Size * 0.80f, Size * 0.16f, 70, glow);
            using SKPaint sun = Fill(new SKColor(0xFF, 0xD5, 0x4F));
            canvas.DrawCircle(Size * 0.80f, Size * 0.16f, 48, sun);
            DrawCloud(canvas, Size * 0.20f, Size * 0.14f, 1.0f);
            DrawCloud(canvas, Size * 0.52f, Size * 0.24f, 0.7f);
        }

        if (scene.Subjects.Contains(DemoSubject.Mountain))
        {
            DrawMountains(canvas, scene.IsNight);
        }

        DrawGround(canvas, scene);
    }

    /// <summary>A subject, the box it fills and the colour it takes (<see langword="null"/> for its own).</summary>
    private readonly record struct Placed(DemoSubject Subject, SKRect Box, SKColor? Colour);

    /// <summary>Where the scene's subjects go: the first large in the middle, the next two smaller at the sides, birds in the sky.</summary>
    private static List<Placed> Layout(DemoScene scene)
    {
        List<Placed> placed = [];
        int slot = 0;
        foreach (DemoSubject subject in scene.Subjects)
        {
            if (subject == DemoSubject.Mountain)
            {
                continue;
            }

            SKColor? colour = placed.Count == 0 ? scene.Colour : null;
            SKRect box = subject == DemoSubject.Bird
                ? SKRect.Create(Size * 0.08f, Size * 0.22f, Size * 0.22f, Size * 0.16f)
                : slot switch
                {
                    0 => SKRect.Create(Size * 0.24f, FeetLine - (Size * 0.44f), Size * 0.52f, Size * 0.44f),
                    1 => SKRect.Create(Size * 0.01f, FeetLine - (Size * 0.30f), Size * 0.26f, Size * 0.30f),
                    2 => SKRect.Create(Size * 0.73f, FeetLine - (Size * 0.30f), Size * 0.26f, Size * 0.30f),
                    _ => SKRect.Empty,
                };
            if (subject != DemoSubject.Bird)
            {
                slot++;
            }

            if (!box.IsEmpty)
            {
                placed.Add(new Placed(subject, box, colour));
            }
        }

        return placed;
    }

    /// <summary>Draws the subjects where <see cref="Layout"/> put them, side subjects first so that the main subject stands in front.</summary>
    private static void DrawSubjects(SKCanvas canvas, List<Placed> placed)
    {
        for (int i = placed.Count - 1; i >= 0; i--)
        {
            DemoShapes.Draw(canvas, placed[i].Subject, placed[i].Box, placed[i].Colour);
        }
    }

    /// <summary>Writes the caption in large white letters, centred on a dark band across the bottom: two lines at most while the letters stay readable, three (the last cut short) beyond.</summary>
    private static void DrawCaption(SKCanvas canvas, string caption)
    {
        const float MaxWidth = Size - 48;
        using SKFont font = new(DemoFont.Typeface, 36);
        List<string> lines = Wrap(caption, font, MaxWidth);
        while ((lines.Count > 2 || lines.Any(l => font.MeasureText(l) > MaxWidth)) && font.Size > 22)
        {
            font.Size -= 2;
            lines = Wrap(caption, font, MaxWidth);
        }

        if (lines.Count > 3)
        {
            lines = [.. lines.Take(3)];
            lines[2] = Ellipsize(lines[2], font, MaxWidth);
        }

        float lineHeight = font.Size * 1.2f;
        float bandTop = Size - (lines.Count * lineHeight) - 28;
        using SKPaint band = Fill(new SKColor(0, 0, 0, 0x9C));
        canvas.DrawRect(0, bandTop, Size, Size - bandTop, band);

        using SKPaint ink = Fill(SKColors.White);
        for (int i = 0; i < lines.Count; i++)
        {
            float baseline = bandTop + 14 + (i * lineHeight) + font.Size;
            canvas.DrawText(lines[i], Size / 2f, baseline, SKTextAlign.Center, font, ink);
        }
    }

    /// <summary>Says who painted the picture, small in the top left corner; an edit keeps its parent's.</summary>
    private static void DrawLabel(SKCanvas canvas)
    {
        using SKFont small = new(DemoFont.Typeface, 13);
        using SKPaint label = Fill(new SKColor(0xFF, 0xFF, 0xFF, 0xB0));
        canvas.DrawText("ImageChat offline demo painter", 12, 22, SKTextAlign.Left, small, label);
    }

    /// <summary>
    /// Paints over an area (a little larger, for strokes that reach past it) with, on each row, the gradient between the
    /// picture's left and right edge on that row, where no subject stands: the sky and ground, whose colours change from
    /// top to bottom only, run on behind, as a simple inpainting would.
    /// </summary>
    private static void FillFromEdges(SKCanvas canvas, SKBitmap source, SKRect area)
    {
        SKRectI box = SKRectI.Round(SKRect.Inflate(area, 6, 6));
        using SKPaint paint = new();
        for (int y = Math.Max(box.Top, 0); y < Math.Min(box.Bottom, Size); y++)
        {
            using SKShader row = SKShader.CreateLinearGradient(
                new SKPoint(0, y), new SKPoint(Size - 1, y), [source.GetPixel(0, y), source.GetPixel(Size - 1, y)], SKShaderTileMode.Clamp);
            paint.Shader = row;
            canvas.DrawRect(box.Left, y, box.Width, 1, paint);
        }
    }

    /// <summary>A copy of what is drawn on the surface so far, to read colours from while drawing on.</summary>
    private static SKBitmap Pixels(SKSurface surface)
    {
        SKBitmap pixels = new(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.ReadPixels(pixels.Info, pixels.GetPixels(), pixels.RowBytes, 0, 0);
        return pixels;
    }

    private static SKSurface CreateSurface() => SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));

    private static byte[] EncodePng(SKSurface surface)
    {
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static readonly (float X, float Y, float R)[] Stars =
    [
        (0.06f, 0.08f, 2.2f), (0.15f, 0.21f, 1.6f), (0.27f, 0.06f, 2.0f), (0.36f, 0.17f, 1.4f), (0.46f, 0.05f, 2.4f),
        (0.55f, 0.20f, 1.7f), (0.63f, 0.09f, 1.5f), (0.93f, 0.31f, 2.0f), (0.09f, 0.38f, 1.5f), (0.41f, 0.33f, 1.8f),
        (0.66f, 0.36f, 1.4f), (0.22f, 0.45f, 1.6f), (0.88f, 0.47f, 1.5f), (0.52f, 0.48f, 1.3f),
    ];

    private static void DrawCloud(SKCanvas canvas, float x, float y, float scale)
    {
        using SKPaint cloud = Fill(new SKColor(0xFF, 0xFF, 0xFF, 0xE6));
        canvas.DrawCircle(x, y, 30 * scale, cloud);
        canvas.DrawCircle(x + (34 * scale), y - (12 * scale), 36 * scale, cloud);
        canvas.DrawCircle(x + (70 * scale), y, 28 * scale, cloud);
        canvas.DrawRoundRect(SKRect.Create(x - (10 * scale), y - (4 * scale), 96 * scale, 30 * scale), 14 * scale, 14 * scale, cloud);
    }

    private static void DrawMountains(SKCanvas canvas, bool night)
    {
        using SKPaint rock = Fill(night ? new SKColor(0x3A, 0x3F, 0x5C) : new SKColor(0x78, 0x86, 0x9E));
        using SKPaint snow = Fill(night ? new SKColor(0xB0, 0xB8, 0xD0) : SKColors.White);
        foreach ((float peak, float height, float halfWidth) in (ReadOnlySpan<(float, float, float)>)[(0.25f, 0.30f, 0.30f), (0.68f, 0.38f, 0.36f)])
        {
            float px = Size * peak, py = Horizon - (Size * height), hw = Size * halfWidth;
            using SKPath mountain = Polygon((px - hw, Horizon), (px, py), (px + hw, Horizon));
            canvas.DrawPath(mountain, rock);
            float capDepth = (Horizon - py) * 0.25f, capHalf = hw * 0.25f;
            using SKPath cap = Polygon((px - capHalf, py + capDepth), (px, py), (px + capHalf, py + capDepth), (px, py + (capDepth * 0.8f)));
            canvas.DrawPath(cap, snow);
        }
    }

    private static void DrawGround(SKCanvas canvas, DemoScene scene)
    {
        (SKColor near, SKColor far) = scene.Ground switch
        {
            DemoGround.Water => (new SKColor(0x0D, 0x47, 0xA1), new SKColor(0x42, 0x8B, 0xD6)),
            DemoGround.Sand => (new SKColor(0xD4, 0xA3, 0x5A), new SKColor(0xF3, 0xD9, 0x9B)),
            DemoGround.Snow => (new SKColor(0xCF, 0xDB, 0xE8), new SKColor(0xF7, 0xFA, 0xFF)),
            _ => (new SKColor(0x2E, 0x7D, 0x32), new SKColor(0x7C, 0xC5, 0x6C)),
        };
        if (scene.IsNight)
        {
            (near, far) = (Darker(near), Darker(far));
        }

        // A gentle hill line rather than a ruler-straight horizon, except on water.
        using SKPath ground = new();
        ground.MoveTo(0, Horizon + (scene.Ground == DemoGround.Water ? 0 : 12));
        if (scene.Ground == DemoGround.Water)
        {
            ground.LineTo(Size, Horizon);
        }
        else
        {
            ground.CubicTo(Size * 0.3f, Horizon - 26, Size * 0.6f, Horizon + 30, Size, Horizon - 6);
        }

        ground.LineTo(Size, Size);
        ground.LineTo(0, Size);
        ground.Close();
        using SKPaint paint = new()
        {
            IsAntialias = true,
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, Horizon - 26), new SKPoint(0, Size), [far, near], SKShaderTileMode.Clamp),
        };
        canvas.DrawPath(ground, paint);

        if (scene.Ground == DemoGround.Water)
        {
            using SKPaint wave = Stroke(new SKColor(0xFF, 0xFF, 0xFF, 0x60), 3);
            for (int row = 0; row < 4; row++)
            {
                float y = Horizon + 24 + (row * 34);
                for (float x = (row % 2) * 40; x < Size; x += 80)
                {
                    canvas.DrawArc(SKRect.Create(x, y, 40, 14), 200, 140, false, wave);
                }
            }
        }
    }

    private static List<string> Wrap(string text, SKFont font, float maxWidth)
    {
        List<string> lines = [];
        string line = string.Empty;
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && font.MeasureText(candidate) > maxWidth)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Ellipsize(string line, SKFont font, float maxWidth)
    {
        string text = line;
        while (text.Length > 1 && font.MeasureText(text + "…") > maxWidth)
        {
            text = text[..^1];
        }

        return text.TrimEnd() + "…";
    }

    private static void FillGradient(SKCanvas canvas, SKRect area, SKColor top, SKColor bottom)
    {
        using SKPaint paint = new()
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, area.Top), new SKPoint(0, area.Bottom), [top, bottom], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(area, paint);
    }

    private static SKColor Darker(SKColor colour) => new((byte)(colour.Red * 0.45), (byte)(colour.Green * 0.45), (byte)(colour.Blue * 0.55));

    internal static SKPaint Fill(SKColor colour) => new() { Color = colour, IsAntialias = true, Style = SKPaintStyle.Fill };

    internal static SKPaint Stroke(SKColor colour, float width) =>
        new() { Color = colour, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width, StrokeCap = SKStrokeCap.Round };

    internal static SKPath Polygon(params ReadOnlySpan<(float X, float Y)> points)
    {
        SKPath path = new();
        path.MoveTo(points[0].X, points[0].Y);
        foreach ((float x, float y) in points[1..])
        {
            path.LineTo(x, y);
        }

        path.Close();
        return path;
    }
}
