using System.Runtime.CompilerServices;

namespace ImageChat;

/// <summary>
/// Makes an image from a text prompt. ImageChat's own, stable contract: a provider package implements it
/// (Microsoft.Extensions.AI's <c>IImageGenerator</c> is still experimental).
/// </summary>
/// <remarks>
/// Implementations call the provider once per call and do not retry: ImageChat's resilience pipeline decides
/// whether a failed request may be sent again. Failures should surface as <see cref="ModelCallException"/>
/// so that the pipeline can tell transient failures from final ones. A generator that can also edit images implements
/// <see cref="IImageEditor"/>.
/// </remarks>
public interface ITextToImageGenerator
{
    /// <summary>Generates one image.</summary>
    /// <param name="request">What to draw.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The image's bytes and what the provider said about them.</returns>
    Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets what a request may choose with this generator's model: the sizes, qualities, file formats and backgrounds
    /// it accepts (edits included, for a generator that is also an <see cref="IImageEditor"/>). Default:
    /// <see cref="ImageGenerationCapabilities.None"/>, no choice, so that requests carry none.
    /// </summary>
    ImageGenerationCapabilities Capabilities => ImageGenerationCapabilities.None;

    /// <summary>
    /// Generates one image and streams partial renderings of it while it is made, where the provider can (gpt-image-1's
    /// <c>partial_images</c>): zero or more previews (<see cref="TextToImageResult.PartialImageIndex"/> set), then the
    /// finished image, last. ImageChat calls it for streamed turns. By default: no preview, the finished image from
    /// <see cref="GenerateImageAsync"/>.
    /// </summary>
    /// <param name="request">What to draw.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The previews, then the finished image.</returns>
    async IAsyncEnumerable<TextToImageResult> GenerateStreamingImageAsync(TextToImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return await GenerateImageAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
