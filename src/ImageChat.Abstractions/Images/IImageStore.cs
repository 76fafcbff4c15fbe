namespace ImageChat;

/// <summary>
/// Keeps generated images. The conversation's history refers to what the store returns, never to image bytes.
/// </summary>
public interface IImageStore
{
    /// <summary>Saves an image under a name the store chooses (never one taken from model output).</summary>
    /// <param name="image">The image to save.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Where the image was saved.</returns>
    Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default);
}
