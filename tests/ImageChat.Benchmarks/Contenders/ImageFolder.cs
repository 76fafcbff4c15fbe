using System.Security.Cryptography;

namespace ImageChat.Benchmarks;

/// <summary>
/// A temporary folder the contenders save their PNGs in, named as ImageChat names them; or, for the retained memory job,
/// a folder that names images and lets their bytes go (see <see cref="DiscardingImageStore"/>).
/// </summary>
internal sealed class ImageFolder(bool discard = false) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("imagechat-bench-").FullName;

    /// <summary>Saves one image as <c>generated_xxxxxxxx.png</c> and returns the file name.</summary>
    public async Task<string> SaveAsync(ReadOnlyMemory<byte> png, CancellationToken cancellationToken)
    {
        string name = $"generated_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.png";
        if (!discard)
        {
            await File.WriteAllBytesAsync(System.IO.Path.Combine(Path, name), png, cancellationToken);
        }

        return name;
    }

    /// <summary>The tool result the seed's system wrote, and ImageChat's default.</summary>
    public static string ToolResult(string fileName, string description) =>
        $"Image generated successfully and saved to {fileName}. Description: {description}";

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
