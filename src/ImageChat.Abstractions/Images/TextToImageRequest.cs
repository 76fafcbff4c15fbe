namespace ImageChat;

/// <summary>
/// A request for one image: what to draw and, where the chat model or the app chose them, how to render it. A property
/// left <see langword="null"/> leaves that choice to the provider's configured default. Named as
/// Microsoft.Extensions.AI's <c>ImageGenerationOptions</c> names them where it has them (<see cref="MediaType"/>).
/// </summary>
/// <param name="Prompt">The description of the image, as the chat model wrote it.</param>
/// <remarks>
/// ImageChat sends only values the generator declares in <see cref="ITextToImageGenerator.Capabilities"/>; a value the
/// chat model asked for that is not there is reported back to it and never reaches the provider.
/// </remarks>
public sealed record TextToImageRequest(string Prompt)
{
    /// <summary>Gets the size as <c>WIDTHxHEIGHT</c>, such as <c>1536x1024</c>, or <c>auto</c>; see <see cref="ImageGenerationCapabilities.Sizes"/>.</summary>
    public string? Size { get; init; }

    /// <summary>Gets the rendering quality, such as <c>high</c> (gpt-image-1) or <c>hd</c> (dall-e-3); see <see cref="ImageGenerationCapabilities.Qualities"/>.</summary>
    public string? Quality { get; init; }

    /// <summary>Gets the media type of the file to make, such as <c>image/webp</c>; see <see cref="ImageGenerationCapabilities.MediaTypes"/>.</summary>
    public string? MediaType { get; init; }

    /// <summary>Gets the background, such as <c>transparent</c>; see <see cref="ImageGenerationCapabilities.Backgrounds"/>.</summary>
    public string? Background { get; init; }
}
