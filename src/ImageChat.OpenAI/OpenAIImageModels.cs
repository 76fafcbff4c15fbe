namespace ImageChat;

/// <summary>
/// What OpenAI's image models accept, as the API documents it: the values a request may choose
/// (<see cref="ImageGenerationCapabilities"/>). A model not listed (a compatible server's own) declares none, so that
/// ImageChat sends it no choice it might refuse.
/// </summary>
internal static class OpenAIImageModels
{
    private static readonly ImageGenerationCapabilities GptImage = new()
    {
        Sizes = ["1024x1024", "1536x1024", "1024x1536", "auto"],
        Qualities = ["low", "medium", "high", "auto"],
        MediaTypes = [ImageMediaType.Png, ImageMediaType.Jpeg, ImageMediaType.WebP],
        Backgrounds = ["transparent", "opaque", "auto"],
    };

    private static readonly ImageGenerationCapabilities DallE3 = new()
    {
        Sizes = ["1024x1024", "1792x1024", "1024x1792"],
        Qualities = ["standard", "hd"],
    };

    private static readonly ImageGenerationCapabilities DallE2 = new()
    {
        Sizes = ["256x256", "512x512", "1024x1024"],
    };

    /// <summary>The capabilities of a model by its name: the gpt-image family (<c>gpt-image-1</c>, <c>gpt-image-1-mini</c>…), <c>dall-e-3</c>, <c>dall-e-2</c>.</summary>
    public static ImageGenerationCapabilities For(string model) => model.ToLowerInvariant() switch
    {
        "dall-e-3" => DallE3,
        "dall-e-2" => DallE2,
        { } name when name.StartsWith("gpt-image-", StringComparison.Ordinal) => GptImage,
        _ => ImageGenerationCapabilities.None,
    };

    /// <summary>Tells whether a model OpenAI documents streams partial images (<c>partial_images</c>): the gpt-image family does, dall-e does not.</summary>
    public static bool StreamsPartialImages(string model) => ReferenceEquals(For(model), GptImage);

    /// <summary>Tells whether OpenAI documents the model, so that a configured value can be checked against it.</summary>
    public static bool IsKnown(string model) => !ReferenceEquals(For(model), ImageGenerationCapabilities.None);

    /// <summary>The API's <c>output_format</c> for a media type: <c>image/webp</c> is <c>webp</c>.</summary>
    public static string OutputFormat(string mediaType) => mediaType[(mediaType.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
