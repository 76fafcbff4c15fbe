using System.Security.Cryptography;

namespace ImageChat.Benchmarks;

/// <summary>
/// An image store that keeps nothing: it names the image as the folder store does and lets the bytes go. The retained
/// memory job uses it so that 30,000 real-size images (45 GB) are not written to disk.
/// </summary>
internal sealed class DiscardingImageStore : IImageStore
{
    public Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return Task.FromResult(new StoredImage(id, $"generated_{id}.png", $"discarded://generated_{id}.png"));
    }

    public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);

    public Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default) => Task.FromResult(false);
}
