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

    public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(File.Exists(PathOf(fileName)) ? File.OpenRead(PathOf(fileName)) : null);

    public Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(fileName)));

    private string PathOf(string fileName) =>
        System.Text.RegularExpressions.Regex.IsMatch(fileName, @"^image_[0-9]+\.png\z")
            ? Path.Combine(directory, fileName)
            : throw new ArgumentException($"'{fileName}' is not a name this store gives.", nameof(fileName));
}
