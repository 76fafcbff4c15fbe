namespace ImageChat.Tests.TestDoubles;

/// <summary>The folder store, recording every name it is asked to read or check, to prove which reads happened.</summary>
internal sealed class RecordingImageStore(string directory) : IImageStore
{
    private readonly FileSystemImageStore _inner = new(new FileSystemImageStoreOptions { Directory = directory });
    private readonly List<string> _reads = [];

    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_reads)
            {
                return [.. _reads];
            }
        }
    }

    public Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default) => _inner.SaveAsync(image, cancellationToken);

    public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default)
    {
        Record(fileName);
        return _inner.OpenReadAsync(fileName, cancellationToken);
    }

    public Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default)
    {
        Record(fileName);
        return _inner.ExistsAsync(fileName, cancellationToken);
    }

    private void Record(string fileName)
    {
        lock (_reads)
        {
            _reads.Add(fileName);
        }
    }
}
