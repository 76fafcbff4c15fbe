using System.Text;
using Microsoft.Extensions.AI;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// An image generator that can edit: each image it makes is the PNG signature followed by its prompt, and an edit
/// records the image it was given, so that a test can tell which bytes reached the provider.
/// </summary>
internal sealed class TestImageEditor : ITextToImageGenerator, IImageEditor
{
    private readonly Lock _gate = new();
    private readonly List<(DataContent Image, TextToImageRequest Request)> _edits = [];
    private readonly List<TextToImageRequest> _generations = [];

    public IReadOnlyList<(DataContent Image, TextToImageRequest Request)> Edits
    {
        get
        {
            lock (_gate)
            {
                return [.. _edits];
            }
        }
    }

    public IReadOnlyList<TextToImageRequest> Generations
    {
        get
        {
            lock (_gate)
            {
                return [.. _generations];
            }
        }
    }

    /// <summary>The bytes this double makes for a prompt.</summary>
    public static byte[] PngFor(string prompt) => [.. TestImageGenerator.PngBytes, .. Encoding.UTF8.GetBytes(prompt)];

    public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _generations.Add(request);
        }

        return Task.FromResult(new TextToImageResult(PngFor(request.Prompt), ImageMediaType.Png));
    }

    public Task<TextToImageResult> EditImageAsync(DataContent image, TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _edits.Add((image, request));
        }

        return Task.FromResult(new TextToImageResult(PngFor(request.Prompt), ImageMediaType.Png) { Usage = new TokenUsage(300, 4160) });
    }
}
