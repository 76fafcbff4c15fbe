using Microsoft.Extensions.AI;

namespace ImageChat.Samples.Demo;

/// <summary>
/// The offline stand-in for an image model: paints a real PNG of a simple scene read from the description (sky and
/// ground, sun or moon, shapes for the nouns it knows) with the description as a large caption, and edits an earlier
/// picture by repainting its main subject and caption over the parent's own pixels. See <see cref="DemoScene"/> and
/// <see cref="DemoPainter"/>.
/// </summary>
public sealed class DemoImageGenerator : ITextToImageGenerator, IImageEditor
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

    /// <inheritdoc />
    /// <exception cref="ModelCallException">The image to edit cannot be decoded, as an image API refuses an unreadable upload.</exception>
    public Task<TextToImageResult> EditImageAsync(DataContent image, TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        byte[] png;
        try
        {
            png = DemoPainter.Edit(image.Data.Span, DemoScene.Parse(request.Prompt));
        }
        catch (ArgumentException ex)
        {
            throw new ModelCallException(ModelOperation.Image, ModelCallFailureKind.HttpError, $"The demo painter cannot edit {image.Name}: {ex.Message}", ex);
        }

        return Task.FromResult(new TextToImageResult(png, "image/png") { ModelId = ModelId });
    }
}
