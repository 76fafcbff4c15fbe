namespace ImageChat;

/// <summary>
/// One generated image, before it is stored, or a preview of one (<see cref="PartialImageIndex"/>).
/// </summary>
/// <param name="Data">The encoded image.</param>
/// <param name="MediaType">The media type of <paramref name="Data"/>, such as <c>image/png</c>.</param>
public sealed record TextToImageResult(ReadOnlyMemory<byte> Data, string MediaType)
{
    /// <summary>Gets the prompt the provider actually used, when it rewrote the one it was given (dall-e-3 does).</summary>
    public string? RevisedPrompt { get; init; }

    /// <summary>Gets the image model's token usage, when its API reports it (gpt-image-1 does).</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>Gets the model that made the image, when the provider says.</summary>
    public string? ModelId { get; init; }

    /// <summary>
    /// Gets which partial rendering this is, counted from 0, when it is a preview a streaming generator yields before the
    /// finished image (<see cref="ITextToImageGenerator.GenerateStreamingImageAsync"/>); <see langword="null"/> for the
    /// finished image. A preview is shown to the user and never saved.
    /// </summary>
    public int? PartialImageIndex { get; init; }
}
