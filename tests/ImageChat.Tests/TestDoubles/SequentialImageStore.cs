namespace ImageChat.Tests.TestDoubles;

/// <summary>An image store that names images image_1.png, image_2.png, … so that two runs send the same bytes.</summary>
internal sealed class SequentialImageStore(string directory) : IImageStore
{
    private int _count;

    public async Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        string id = $"{Interlocked.Increment(ref _count)}";
        string fileName = $"image_{id}.png";
        string path = Path.Combine(directory, fileName);
        await File.WriteAllBytesAsync(path, image.Data.ToArray(), cancellationToken);
        return new StoredImage(id, fileName, path);
    }
}
