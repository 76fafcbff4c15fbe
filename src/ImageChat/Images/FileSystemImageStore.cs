using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ImageChat;

/// <summary>
/// The default <see cref="IImageStore"/>: saves each image as <c>generated_&lt;8 lowercase hex&gt;.&lt;ext&gt;</c> in a folder.
/// </summary>
/// <remarks>
/// Names are random and checked against the folder: a file is created with <see cref="FileMode.CreateNew"/>, so an
/// existing image is never overwritten. Nothing of the model's output becomes part of a path: reads accept only names of
/// the store's own form (<c>generated_</c>, 8 lowercase hex digits, <c>.png</c>, <c>.jpg</c>, <c>.webp</c> or <c>.gif</c>),
/// which cannot leave the folder.
/// </remarks>
public sealed partial class FileSystemImageStore : IImageStore
{
    private const int MaxNameAttempts = 16;

    /// <summary>Initializes a new instance of the <see cref="FileSystemImageStore"/> class.</summary>
    /// <param name="options">Where to save images.</param>
    public FileSystemImageStore(FileSystemImageStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory = Path.GetFullPath(options.Directory);
    }

    /// <summary>Gets the full path of the folder images are saved in.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public async Task<StoredImage> SaveAsync(TextToImageResult image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        System.IO.Directory.CreateDirectory(Directory);
        string extension = ExtensionOf(image.MediaType);

        for (int attempt = 0; attempt < MaxNameAttempts; attempt++)
        {
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            string fileName = $"generated_{id}{extension}";
            string path = Path.Combine(Directory, fileName);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                continue; // Name taken: draw another.
            }

            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    await stream.WriteAsync(image.Data, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    File.Delete(path); // A half-written image is not an image.
                    throw;
                }
            }

            return new StoredImage(id, fileName, path);
        }

        throw new IOException($"Could not find a free file name in '{Directory}' after {MaxNameAttempts} attempts.");
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken = default)
    {
        string path = PathOf(fileName);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, useAsync: true));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string fileName, CancellationToken cancellationToken = default)
    {
        string path = PathOf(fileName);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(File.Exists(path));
    }

    /// <summary>Maps a file name of the store's own form to its path in the folder; refuses every other name.</summary>
    private string PathOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!StoreFileName().IsMatch(fileName))
        {
            throw new ArgumentException(
                $"'{fileName}' is not a file name of this image store: it gives names such as generated_a59b3623.png (8 lowercase hex digits; .png, .jpg, .webp or .gif).",
                nameof(fileName));
        }

        return Path.Combine(Directory, fileName);
    }

    [GeneratedRegex(@"^generated_[0-9a-f]{8}\.(png|jpg|webp|gif)\z", RegexOptions.CultureInvariant)]
    private static partial Regex StoreFileName();

    private static string ExtensionOf(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "image/jpeg" or "image/jpg" => ".jpg",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        _ => ".png",
    };
}
