namespace ImageChat.ConsoleSample.Demo;

/// <summary>An RGB canvas the demo painter draws on: a gradient background and pixel-font text.</summary>
internal sealed class DemoCanvas
{
    private readonly byte[] _pixels;

    public DemoCanvas(int width, int height)
    {
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    public void FillVerticalGradient((byte R, byte G, byte B) top, (byte R, byte G, byte B) bottom)
    {
        for (int y = 0; y < Height; y++)
        {
            double t = (double)y / (Height - 1);
            (byte R, byte G, byte B) colour = (Mix(top.R, bottom.R, t), Mix(top.G, bottom.G, t), Mix(top.B, bottom.B, t));
            for (int x = 0; x < Width; x++)
            {
                SetPixel(x, y, colour);
            }
        }
    }

    public void FillRectangle(int left, int top, int width, int height, (byte R, byte G, byte B) colour)
    {
        for (int y = Math.Max(top, 0); y < Math.Min(top + height, Height); y++)
        {
            for (int x = Math.Max(left, 0); x < Math.Min(left + width, Width); x++)
            {
                SetPixel(x, y, colour);
            }
        }
    }

    /// <summary>Draws one line of text with its top-left corner at (<paramref name="left"/>, <paramref name="top"/>), each font pixel <paramref name="scale"/> pixels wide.</summary>
    public void DrawText(string text, int left, int top, int scale, (byte R, byte G, byte B) colour)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int glyphLeft = left + (i * AdvanceOf(scale));
            for (int gy = 0; gy < PixelFont.GlyphHeight; gy++)
            {
                for (int gx = 0; gx < PixelFont.GlyphWidth; gx++)
                {
                    if (PixelFont.IsSet(text[i], gx, gy))
                    {
                        FillRectangle(glyphLeft + (gx * scale), top + (gy * scale), scale, scale, colour);
                    }
                }
            }
        }
    }

    /// <summary>The horizontal distance from one character to the next at a scale: the glyph and one pixel of spacing.</summary>
    public static int AdvanceOf(int scale) => (PixelFont.GlyphWidth + 1) * scale;

    public byte[] ToPng() => PngEncoder.Encode(_pixels, Width, Height);

    private void SetPixel(int x, int y, (byte R, byte G, byte B) colour)
    {
        int offset = ((y * Width) + x) * 3;
        _pixels[offset] = colour.R;
        _pixels[offset + 1] = colour.G;
        _pixels[offset + 2] = colour.B;
    }

    private static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + ((to - from) * t));
}
