namespace ImageChat.Tests.TestDoubles;

/// <summary>A fresh folder under the system's temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "imagechat-tests", Guid.NewGuid().ToString("N"));

    public string[] Files(string pattern = "*") => Directory.Exists(Path) ? Directory.GetFiles(Path, pattern) : [];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
