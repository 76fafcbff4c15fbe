namespace ImageChat;

/// <summary>Reads a stored image whole, for the callers that send its bytes on: <c>edit_image</c> and vision follow-ups.</summary>
internal static class ImageStoreReads
{
    /// <summary>Reads the bytes of a saved image.</summary>
    /// <returns>The bytes, or <see langword="null"/> when the store holds no image of that name.</returns>
    public static async Task<byte[]?> ReadAllBytesAsync(this IImageStore store, string fileName, CancellationToken cancellationToken)
    {
        Stream? stream = await store.OpenReadAsync(fileName, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using MemoryStream bytes = new();
            await stream.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes.ToArray();
        }
    }
}
