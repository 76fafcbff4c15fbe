using SkiaSharp;

namespace ImageChat.Tests.Vision;

/// <summary>Real pictures for vision tests (the engine decodes and scales them), and a way to read one back from a data URL.</summary>
internal static class VisionPictures
{
    /// <summary>A PNG of the given size: red on the left half, blue on the right, so a scaled copy can be told from another picture.</summary>
    public static byte[] Png(int width, int height)
    {
        using SKBitmap bitmap = new(width, height);
        using (SKCanvas canvas = new(bitmap))
        using (SKPaint red = new() { Color = SKColors.Red })
        using (SKPaint blue = new() { Color = SKColors.Blue })
        {
            canvas.DrawRect(0, 0, width / 2f, height, red);
            canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, blue);
        }

        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Decodes a <c>data:image/png;base64,…</c> URL: its media type and the picture.</summary>
    public static (string MediaType, SKBitmap Picture) FromDataUrl(string url)
    {
        Assert.StartsWith("data:", url, StringComparison.Ordinal);
        int comma = url.IndexOf(',', StringComparison.Ordinal);
        string header = url[5..comma];
        Assert.EndsWith(";base64", header, StringComparison.Ordinal);
        return (header[..^";base64".Length], SKBitmap.Decode(Convert.FromBase64String(url[(comma + 1)..])));
    }
}
