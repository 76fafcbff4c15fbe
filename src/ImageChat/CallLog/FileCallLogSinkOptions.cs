namespace ImageChat;

/// <summary>
/// Settings of <see cref="FileCallLogSink"/>.
/// </summary>
public sealed class FileCallLogSinkOptions
{
    /// <summary>The default of <see cref="Directory"/>: <c>call-logs</c>, relative to the current directory.</summary>
    public const string DefaultDirectory = "call-logs";

    /// <summary>The default of <see cref="FileExtension"/>: <c>.md</c>, since the log is Markdown.</summary>
    public const string DefaultFileExtension = ".md";

    private string _directory = DefaultDirectory;
    private string _fileExtension = DefaultFileExtension;

    /// <summary>Gets or sets the folder that holds one log file per conversation; created when the first call is written. Default: <see cref="DefaultDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public string Directory
    {
        get => _directory;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _directory = value;
        }
    }

    /// <summary>Gets or sets the extension of the log files, dot included. Default: <see cref="DefaultFileExtension"/>.</summary>
    /// <exception cref="ArgumentException">The value does not start with a dot or holds characters a file name cannot.</exception>
    public string FileExtension
    {
        get => _fileExtension;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (value[0] != '.' || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new ArgumentException("The extension must start with a dot and be valid in a file name, such as \".md\".", nameof(value));
            }

            _fileExtension = value;
        }
    }
}
