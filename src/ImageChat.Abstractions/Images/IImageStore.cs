namespace ImageChat;

/// <summary>
/// Keeps generated images and gives them back. The conversation's history refers to what the store returns, never to
/// image bytes; <c>edit_image</c> reads an earlier image back by its file name to send it to the image model.
/// </summary>
/// <remarks>
/// File names reach <see cref="OpenReadAsync"/> and <see cref="ExistsAsync"/> only after ImageChat checked that they
/// name an image of the conversation, never straight from model output. A store still refuses any name it could not
/// have given (path separators, <c>..</c>), so that no caller can read outside what it keeps.
/// </remarks>
public interface IImageStore
{
    /// <summary>Saves an image under a name the store chooses (never one taken from model output).</summary>
    /// <param name="image">The image to save.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Where the image was saved.</returns>
    Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default);

    /// <summary>Opens a saved image's bytes.</summary>
    /// <param name="fileName">The file name <see cref="SaveAsync"/> returned (<see cref="StoredImage.FileName"/>).</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>A readable stream the caller disposes, or <see langword="null"/> when the store holds no image of that name (any more).</returns>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is not a name this store gives.</exception>
    Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default);

    /// <summary>Tells whether the store holds an image of that name.</summary>
    /// <param name="fileName">The file name <see cref="SaveAsync"/> returned (<see cref="StoredImage.FileName"/>).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the image is there.</returns>
    /// <exception cref="ArgumentException"><paramref name="fileName"/> is not a name this store gives.</exception>
    Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default);
}
