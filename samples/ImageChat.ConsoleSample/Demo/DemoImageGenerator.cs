using System.IO.Hashing;
using System.Text;

namespace ImageChat.ConsoleSample.Demo;

/// <summary>
/// The offline stand-in for an image model: paints a real PNG that shows the description it was given, on a background
/// whose colours follow from the description, so that different requests give visibly different pictures.
/// </summary>
public sealed class DemoImageGenerator : ITextToImageGenerator
{
    /// <summary>The model id the demo reports on its images.</summary>
    public const string ModelId = "imagechat-demo-painter";

    private const int Size = 640;
    private const int Margin = 32;
    private const int TitleScale = 3;
    private const int LargeTextScale = 3;
    private const int SmallTextScale = 2;

    private static readonly (byte R, byte G, byte B) Ink = (250, 250, 250);

    /// <inheritdoc />
    public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        byte[] png = Paint(request.Prompt);
        return Task.FromResult(new TextToImageResult(png, "image/png") { ModelId = ModelId });
    }

    private static byte[] Paint(string description)
    {
        uint hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(description));
        (byte R, byte G, byte B) top = ((byte)(hash & 0x7F), (byte)((hash >> 8) & 0x7F), (byte)((hash >> 16) & 0x7F));
        (byte R, byte G, byte B) bottom = ((byte)(top.R / 3), (byte)(top.G / 3), (byte)(top.B / 3));

        DemoCanvas canvas = new(Size, Size);
        canvas.FillVerticalGradient(top, bottom);
        canvas.DrawText("IMAGECHAT DEMO PICTURE", Margin, Margin, TitleScale, Ink);
        canvas.FillRectangle(Margin, Margin + (PixelFont.GlyphHeight * TitleScale) + 12, Size - (2 * Margin), 3, Ink);

        int firstLineTop = Margin + (PixelFont.GlyphHeight * TitleScale) + 36;
        int footerTop = Size - Margin - (PixelFont.GlyphHeight * SmallTextScale);

        // Large letters when the description fits, smaller ones for long descriptions.
        foreach (int scale in (int[])[LargeTextScale, SmallTextScale])
        {
            int lineHeight = (PixelFont.GlyphHeight + 3) * scale;
            int charactersPerLine = (Size - (2 * Margin)) / DemoCanvas.AdvanceOf(scale);
            int maxLines = (footerTop - firstLineTop - lineHeight) / lineHeight;
            List<string> lines = WrapWords(description, charactersPerLine, maxLines);
            if (lines.Count == 0 || scale == SmallTextScale || !lines[^1].EndsWith("...", StringComparison.Ordinal))
            {
                for (int i = 0; i < lines.Count; i++)
                {
                    canvas.DrawText(lines[i], Margin, firstLineTop + (i * lineHeight), scale, Ink);
                }

                break;
            }
        }

        canvas.DrawText("OFFLINE DEMO - NOT A REAL IMAGE MODEL", Margin, footerTop, SmallTextScale, Ink);
        return canvas.ToPng();
    }

    /// <summary>Breaks text into lines of at most <paramref name="width"/> characters; text beyond <paramref name="maxLines"/> ends in "...".</summary>
    private static List<string> WrapWords(string text, int width, int maxLines)
    {
        List<string> lines = [];
        StringBuilder line = new();
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string piece = word.Length > width ? word[..width] : word;
            if (line.Length > 0 && line.Length + 1 + piece.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(piece);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        if (lines.Count > maxLines)
        {
            lines.RemoveRange(maxLines, lines.Count - maxLines);
            string last = lines[^1];
            lines[^1] = (last.Length + 3 > width ? last[..(width - 3)] : last) + "...";
        }

        return lines;
    }
}
