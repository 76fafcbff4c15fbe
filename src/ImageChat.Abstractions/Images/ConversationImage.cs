namespace ImageChat;

/// <summary>
/// A reference to an image made during a conversation: where it is, what it shows, how it was made. Never its bytes.
/// </summary>
public sealed record ConversationImage
{
    /// <summary>Gets the store's identifier of the image.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the file name the model was told, such as <c>generated_a59b3623.png</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Gets the full path or URI of the saved image.</summary>
    public required string Location { get; init; }

    /// <summary>
    /// Gets the store's identifier of the image this one was edited from (<c>edit_image</c>), or <see langword="null"/>
    /// for an image made from a description alone, including an edit the image model could not do and generated instead.
    /// </summary>
    public string? ParentId { get; init; }

    /// <summary>Gets the file name of the image this one was edited from, such as <c>generated_a59b3623.png</c>; see <see cref="ParentId"/>.</summary>
    public string? ParentFileName { get; init; }

    /// <summary>Gets the description the chat model asked for.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the prompt the image model actually used, when it rewrote the description.</summary>
    public string? RevisedPrompt { get; init; }

    /// <summary>Gets the media type of the saved file, such as <c>image/png</c>.</summary>
    public required string MediaType { get; init; }

    /// <summary>Gets the id of the tool call that made the image, when it was made by one.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Gets when the image was saved, by the injected <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the image model's token usage for this image, when its API reports it.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>Gets the image model that made the image, when the provider says.</summary>
    public string? ModelId { get; init; }
}
