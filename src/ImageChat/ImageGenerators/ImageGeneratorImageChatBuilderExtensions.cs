using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// Lets a Microsoft.Extensions.AI <see cref="IImageGenerator"/> (any provider's, and its middleware) make ImageChat's
/// images and edits.
/// </summary>
public static class ImageGeneratorImageChatBuilderExtensions
{
    /// <summary>
    /// The diagnostic Microsoft.Extensions.AI reports for its image generation API, which is still experimental; these
    /// methods report it too, so that one suppression covers both and an API change there cannot surprise a caller here.
    /// </summary>
    internal const string DiagnosticId = "MEAI001";

    /// <summary>
    /// Uses a Microsoft.Extensions.AI image generator for <c>generate_image</c> and <c>edit_image</c> (an edit sends the
    /// original image in <see cref="ImageGenerationRequest.OriginalImages"/>); replaces any image generator set before.
    /// </summary>
    /// <remarks>
    /// ImageChat's resilience, limits, store and telemetry apply as to any generator: give a generator without retries of
    /// its own. The generator must answer with the image's bytes (a <see cref="DataContent"/>); one that answers with a
    /// link fails the image with a message that says how to ask for bytes. Size and file format travel in
    /// <see cref="ImageGenerationOptions.ImageSize"/> and <see cref="ImageGenerationOptions.MediaType"/>, quality and
    /// background in <see cref="ImageGenerationOptions.AdditionalProperties"/> as <c>quality</c> and <c>background</c>:
    /// declare in <paramref name="capabilities"/> only what the generator reads.
    /// </remarks>
    /// <typeparam name="TBuilder">The builder's type, kept so that calls chain.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="generator">The image generator; not disposed by ImageChat.</param>
    /// <param name="capabilities">
    /// The rendering choices the generator accepts, offered to the chat model when <see cref="ImageChatOptions.ImageToolParameters"/>
    /// opts in; <see langword="null"/> (the default) declares none.
    /// </param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// IImageGenerator images = new OpenAIClient(apiKey).GetImageClient("gpt-image-1").AsIImageGenerator();
    /// builder.UseImageGenerator(images);
    /// </code>
    /// </example>
    [Experimental(DiagnosticId)]
    public static TBuilder UseImageGenerator<TBuilder>(this TBuilder builder, IImageGenerator generator, ImageGenerationCapabilities? capabilities = null)
        where TBuilder : IImageChatBuilder
    {
        ArgumentNullException.ThrowIfNull(generator);
        ImageGeneratorAdapter adapter = new(generator, capabilities ?? ImageGenerationCapabilities.None);
        return builder.UseImageGenerator(_ => adapter);
    }
}
