namespace ImageChat.Samples.Demo;

/// <summary>
/// The offline stand-in for an image model: paints a real PNG of a simple scene read from the description (sky and
/// ground, sun or moon, shapes for the nouns it knows) with the description as a large caption. See
/// <see cref="DemoScene"/> and <see cref="DemoPainter"/>.
/// </summary>
public sealed class DemoImageGenerator : ITextToImageGenerator
{
    /// <summary>The model id the demo reports on its images.</summary>
    public const string ModelId = "imagechat-demo-painter";

    /// <inheritdoc />
    public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        byte[] png = DemoPainter.Paint(DemoScene.Parse(request.Prompt));
        return Task.FromResult(new TextToImageResult(png, "image/png") { ModelId = ModelId });
    }
}
