namespace ImageChat;

/// <summary>
/// A partial rendering of an image being generated, where the image provider streams them (gpt-image-1's
/// <c>partial_images</c>). It is for display only: it is never saved nor kept in the history.
/// </summary>
public sealed record ImagePreview : TurnUpdate
{
    /// <summary>Gets the id of the tool call the image is generated for.</summary>
    public required string CallId { get; init; }

    /// <summary>Gets which preview of this image it is, counted from 0.</summary>
    public required int Index { get; init; }

    /// <summary>Gets the preview's encoded bytes.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Gets the media type of <see cref="Data"/>, such as <c>image/png</c>.</summary>
    public required string MediaType { get; init; }
}
