namespace ImageChat;

/// <summary>
/// The image model was asked for an image; <see cref="ImageSaved"/> with the same <see cref="CallId"/> follows when it is saved.
/// </summary>
public sealed record ImageGenerationStarted : TurnUpdate
{
    /// <summary>Gets the id of the tool call that asked for the image.</summary>
    public required string CallId { get; init; }

    /// <summary>Gets the description the image model was given.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the file name of the image being edited (<c>edit_image</c>), or <see langword="null"/> when a new image is generated.</summary>
    public string? ParentFileName { get; init; }
}
