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
}
