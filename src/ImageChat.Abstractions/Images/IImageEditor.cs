using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Makes a new image from an existing one and a prompt: what the <c>edit_image</c> tool calls. An
/// <see cref="ITextToImageGenerator"/> that can edit implements this interface too; with a generator that does not,
/// <c>edit_image</c> generates a new image from the prompt alone and tells the model so.
/// </summary>
/// <remarks>
/// As for <see cref="ITextToImageGenerator"/>: call the provider once, do not retry, surface failures as
/// <see cref="ModelCallException"/>. The shape follows Microsoft.Extensions.AI's <c>IImageGenerator</c> edits: the
/// original image as a <see cref="DataContent"/>, the prompt describing the whole edited picture.
/// </remarks>
public interface IImageEditor
{
    /// <summary>Edits one image.</summary>
    /// <param name="image">The image to edit: its bytes, media type (such as <c>image/png</c>) and, in <see cref="DataContent.Name"/>, its file name.</param>
    /// <param name="request">What the edited image should show, and how to render it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The edited image's bytes and what the provider said about them.</returns>
    Task<TextToImageResult> EditImageAsync(DataContent image, TextToImageRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Edits one image and streams partial renderings of the result while it is made, where the provider can: zero or
    /// more previews (<see cref="TextToImageResult.PartialImageIndex"/> set), then the finished image, last. ImageChat calls
    /// it for streamed turns. By default: no preview, the finished image from <see cref="EditImageAsync"/>.
    /// </summary>
    /// <param name="image">The image to edit, as for <see cref="EditImageAsync"/>.</param>
    /// <param name="request">What the edited image should show, and how to render it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The previews, then the finished image.</returns>
    async IAsyncEnumerable<TextToImageResult> EditStreamingImageAsync(DataContent image, TextToImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return await EditImageAsync(image, request, cancellationToken).ConfigureAwait(false);
    }
}
