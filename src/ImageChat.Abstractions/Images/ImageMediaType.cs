namespace ImageChat;

/// <summary>
/// The image formats ImageChat keeps, told apart by their file signature. A generator's claim about its bytes is not
/// trusted: ImageChat saves only what one of these signatures proves to be an image, under the extension of that format.
/// </summary>
public static class ImageMediaType
{
    /// <summary>PNG: <c>image/png</c>.</summary>
    public const string Png = "image/png";

    /// <summary>JPEG: <c>image/jpeg</c>.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary>WebP: <c>image/webp</c>.</summary>
    public const string WebP = "image/webp";

    /// <summary>GIF: <c>image/gif</c>.</summary>
    public const string Gif = "image/gif";

    /// <summary>Tells the format of encoded image bytes from their signature.</summary>
    /// <param name="data">The start of the file (12 bytes are enough).</param>
    /// <returns><see cref="Png"/>, <see cref="Jpeg"/>, <see cref="WebP"/> or <see cref="Gif"/>; <see langword="null"/> when the bytes are none of them.</returns>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        return null;
    }
}
