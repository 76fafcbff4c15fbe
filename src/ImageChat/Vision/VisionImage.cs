using Microsoft.Extensions.AI;
using SkiaSharp;

namespace ImageChat;

/// <summary>
/// A saved image made ready for the chat model to look at: no larger than the configured side, as an image part that
/// OpenAI receives as <c>image_url</c> with <c>detail: low</c>.
/// </summary>
/// <param name="Content">The image part: its bytes, media type, file name and detail.</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
internal sealed record VisionImage(DataContent Content, int Width, int Height)
{
    /// <summary>The property Microsoft.Extensions.AI's OpenAI adapter reads into the image part's <c>detail</c>.</summary>
    public const string DetailProperty = "detail";

    /// <summary>The detail asked for: OpenAI looks at the image at 512 by 512 pixels for a fixed, small number of tokens.</summary>
    public const string Detail = "low";

    /// <summary>
    /// Makes the image part from a saved image's bytes: as they are when the image fits in <paramref name="maxSide"/>,
    /// else scaled down to fit (proportions kept) and encoded as PNG.
    /// </summary>
    /// <param name="saved">The saved image's bytes.</param>
    /// <param name="fileName">Its file name, kept on the part.</param>
    /// <param name="maxSide">The longest side allowed, in pixels.</param>
    /// <returns>The image, or <see langword="null"/> when the bytes are no image SkiaSharp can decode.</returns>
    public static VisionImage? Create(byte[] saved, string fileName, int maxSide)
    {
        using SKData data = SKData.CreateCopy(saved);
        using SKCodec? codec = SKCodec.Create(data);
        if (codec is null || ImageMediaType.Detect(saved) is not { } mediaType)
        {
            return null;
        }

        (int width, int height) = (codec.Info.Width, codec.Info.Height);
        if (Math.Max(width, height) <= maxSide)
        {
            return new VisionImage(Part(saved, mediaType, fileName), width, height);
        }

        double scale = (double)maxSide / Math.Max(width, height);
        (width, height) = (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        using SKBitmap original = SKBitmap.Decode(codec);
        using SKBitmap resized = original.Resize(new SKImageInfo(width, height, original.ColorType, original.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using SKData png = resized.Encode(SKEncodedImageFormat.Png, 100);
        return new VisionImage(Part(png.ToArray(), ImageMediaType.Png, fileName), width, height);
    }

    private static DataContent Part(byte[] bytes, string mediaType, string fileName) =>
        new(bytes, mediaType) { Name = fileName, AdditionalProperties = new() { [DetailProperty] = Detail } };
}
