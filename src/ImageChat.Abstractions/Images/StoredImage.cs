namespace ImageChat;

/// <summary>
/// Where an <see cref="IImageStore"/> put an image.
/// </summary>
/// <param name="Id">The image's identifier, unique within the store (for the file store: 8 lowercase hex digits).</param>
/// <param name="FileName">The name the model is told, such as <c>generated_a59b3623.png</c>.</param>
/// <param name="Location">The full path or URI of the saved image.</param>
public sealed record StoredImage(string Id, string FileName, string Location);
