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
}
