namespace ImageChat.Tests.TestDoubles;

/// <summary>An image generator driven by a callback; by default it returns a tiny PNG and counts calls.</summary>
internal sealed class TestImageGenerator : ITextToImageGenerator
{
    /// <summary>The 8-byte PNG signature followed by nothing: enough to recognise a file as written by this double.</summary>
    public static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private int _calls;

    public Func<TextToImageRequest, CancellationToken, Task<TextToImageResult>>? GenerateCallback { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public List<string> Prompts { get; } = [];

    public Task<TextToImageResult> GenerateImageAsync(TextToImageRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (Prompts)
        {
            Prompts.Add(request.Prompt);
        }

        return GenerateCallback?.Invoke(request, cancellationToken)
            ?? Task.FromResult(new TextToImageResult(PngBytes, "image/png"));
    }
}
