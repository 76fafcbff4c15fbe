namespace ImageChat;

/// <summary>
/// Options of the default image store, <see cref="FileSystemImageStore"/>.
/// </summary>
public sealed class FileSystemImageStoreOptions
{
    /// <summary>The folder used when none is set: <c>generated-images</c> below the current directory.</summary>
    public const string DefaultDirectory = "generated-images";

    private string _directory = DefaultDirectory;

    /// <summary>Gets or sets the folder images are saved in; relative paths are taken from the current directory. Created on first save. Default: <see cref="DefaultDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Directory
    {
        get => _directory;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _directory = value;
        }
    }
}
