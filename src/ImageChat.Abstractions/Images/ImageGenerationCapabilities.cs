namespace ImageChat;

/// <summary>
/// What an image generator lets a request choose (<see cref="TextToImageRequest"/>), as the exact values its model
/// accepts. ImageChat offers the chat model these values (see <c>ImageChatOptions.ImageOptionParameters</c>), checks its
/// choices against them and tells it the allowed values when it picks another, so that no request carries a value the
/// provider would refuse. An empty list means the generator takes no such choice.
/// </summary>
/// <example>
/// gpt-image-1:
/// <code>
/// new ImageGenerationCapabilities
/// {
///     Sizes = ["1024x1024", "1536x1024", "1024x1536", "auto"],
///     Qualities = ["low", "medium", "high", "auto"],
///     MediaTypes = ["image/png", "image/jpeg", "image/webp"],
///     Backgrounds = ["transparent", "opaque", "auto"],
/// }
/// </code>
/// </example>
public sealed class ImageGenerationCapabilities
{
    /// <summary>Gets capabilities that allow no choice at all: every request is rendered the generator's own way.</summary>
    public static ImageGenerationCapabilities None { get; } = new();

    /// <summary>Gets the sizes the model makes, as <c>WIDTHxHEIGHT</c> (and <c>auto</c> where the model picks).</summary>
    public IReadOnlyList<string> Sizes { get; init; } = [];

    /// <summary>Gets the rendering qualities the model accepts, such as <c>low</c>, <c>medium</c>, <c>high</c>.</summary>
    public IReadOnlyList<string> Qualities { get; init; } = [];

    /// <summary>Gets the media types of the files the model can make, such as <c>image/png</c> and <c>image/webp</c>.</summary>
    public IReadOnlyList<string> MediaTypes { get; init; } = [];

    /// <summary>Gets the backgrounds the model can make, such as <c>transparent</c>, <c>opaque</c>, <c>auto</c>.</summary>
    public IReadOnlyList<string> Backgrounds { get; init; } = [];
}
