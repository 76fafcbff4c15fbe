using SkiaSharp;

namespace ImageChat.Benchmarks;

/// <summary>Real PNG files for the benchmark server, drawn and encoded with SkiaSharp.</summary>
internal static class Pngs
{
    public static byte[] Create(ImageSize size) => size == ImageSize.Real ? Draw(1024, noise: 12) : Draw(64, noise: 0);

    /// <summary>A gradient with deterministic noise: the noise keeps the encoder from compressing it to nothing, as with a photo.</summary>
    private static byte[] Draw(int side, int noise)
    {
        using SKBitmap bitmap = new(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Random random = new(42);
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                int jitter = noise == 0 ? 0 : random.Next(noise);
                bitmap.SetPixel(x, y, new SKColor((byte)((x * 255 / side) ^ jitter), (byte)((y * 255 / side) ^ jitter), (byte)(128 + jitter)));
            }
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
