using System.Diagnostics.CodeAnalysis;
using System.Drawing;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace ImageChat;

/// <summary>
/// A Microsoft.Extensions.AI <see cref="IImageGenerator"/> as ImageChat's <see cref="ITextToImageGenerator"/> and
/// <see cref="IImageEditor"/>: a generation is a request with a prompt, an edit one with the original image too. The
/// rendering choices go where <see cref="ImageGenerationOptions"/> has them (<see cref="ImageGenerationOptions.ImageSize"/>,
/// <see cref="ImageGenerationOptions.MediaType"/>), quality and background as the additional properties <c>quality</c>
/// and <c>background</c>. Failures pass through: ImageChat's failure translation and resilience take them as they come.
/// </summary>
[Experimental(ImageGeneratorImageChatBuilderExtensions.DiagnosticId)]
internal sealed class ImageGeneratorAdapter : ITextToImageGenerator, IImageEditor
{
    private readonly IImageGenerator _generator;
    private readonly string? _modelId;

    public ImageGeneratorAdapter(IImageGenerator generator, ImageGenerationCapabilities capabilities)
    {
        _generator = generator;
        _modelId = generator.GetService<ImageGeneratorMetadata>()?.DefaultModelId;
        Capabilities = capabilities;
    }

    /// <summary>Gets what the app declared the generator accepts: Microsoft.Extensions.AI has no way to ask it.</summary>
    public ImageGenerationCapabilities Capabilities { get; }

    public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(new ImageGenerationRequest(request.Prompt), request, cancellationToken);
    }

    public Task<TextToImageResult> EditImageAsync(DataContent image, TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(new ImageGenerationRequest(request.Prompt, [image]), request, cancellationToken);
    }

    private async Task<TextToImageResult> SendAsync(ImageGenerationRequest generation, TextToImageRequest request, CancellationToken cancellationToken)
    {
        ImageGenerationResponse response = await _generator.GenerateAsync(generation, OptionsOf(request), cancellationToken).ConfigureAwait(false);
        DataContent image = response.Contents.OfType<DataContent>().FirstOrDefault()
            ?? throw new ModelCallException(
                ModelOperation.Image,
                ModelCallFailureKind.InvalidResponse,
                response.Contents.OfType<UriContent>().Any()
                    ? "The image generator answered with a link, not the image's bytes: ask it for them (generator.AsBuilder().ConfigureOptions(o => o.ResponseFormat = ImageGenerationResponseFormat.Data).Build())."
                    : "The image generator answered with no image.");
        return new TextToImageResult(image.Data, image.MediaType)
        {
            Usage = response.Usage is null ? null : TokenUsage.From(response.Usage),
            ModelId = _modelId,
        };
    }

    private static ImageGenerationOptions OptionsOf(TextToImageRequest request)
    {
        ImageGenerationOptions options = new()
        {
            Count = 1,
            ImageSize = SizeOf(request.Size),
            MediaType = request.MediaType,
        };
        foreach ((string name, string? value) in (ReadOnlySpan<(string, string?)>)[("quality", request.Quality), ("background", request.Background)])
        {
            if (value is not null)
            {
                (options.AdditionalProperties ??= [])[name] = value;
            }
        }

        return options;
    }

    /// <summary><c>WIDTHxHEIGHT</c> as a size; <c>auto</c> (or nothing) leaves the size to the generator.</summary>
    private static Size? SizeOf(string? size)
    {
        string[]? parts = size?.Split('x', 'X');
        return parts is [var width, var height]
            && int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(height, NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            ? new Size(w, h)
            : null;
    }
}
