using System.Text;

namespace ImageChat;

/// <summary>
/// Writes each conversation's call log to its own file, <c>&lt;Directory&gt;/&lt;conversation id&gt;.md</c>, appending
/// one whole entry per call in <see cref="CallLogFormatter"/>'s format.
/// </summary>
public sealed class FileCallLogSink : ICallLogSink, IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _directory;
    private readonly string _fileExtension;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a sink that writes under <paramref name="options"/>' folder.</summary>
    /// <param name="options">Where and how to name the files; <see langword="null"/> for the defaults.</param>
    public FileCallLogSink(FileCallLogSinkOptions? options = null)
    {
        options ??= new FileCallLogSinkOptions();
        _directory = Path.GetFullPath(options.Directory);
        _fileExtension = options.FileExtension;
    }

    /// <summary>Gets the full path of the file that holds a conversation's call log.</summary>
    /// <param name="conversationId">The conversation's id.</param>
    /// <returns>The path; characters a file name cannot hold are replaced by <c>_</c>.</returns>
    public string GetFilePath(string conversationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        char[] invalid = Path.GetInvalidFileNameChars();
        string name = string.Create(conversationId.Length, conversationId, (span, id) =>
        {
            for (int i = 0; i < id.Length; i++)
            {
                span[i] = Array.IndexOf(invalid, id[i]) >= 0 ? '_' : id[i];
            }
        });
        return Path.Combine(_directory, name + _fileExtension);
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(string conversationId, ModelCall modelCall, CancellationToken cancellationToken = default)
    {
        string path = GetFilePath(conversationId);
        byte[] entry = Utf8NoBom.GetBytes(CallLogFormatter.Format(modelCall));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(_directory);
            FileStream file = new(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await file.WriteAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
