namespace ImageChat;

/// <summary>
/// An <see cref="IConversationStore"/> that keeps each conversation as <c>&lt;id&gt;.json</c> in a folder, which servers
/// may share (a network drive). A save never leaves a half-written file: it writes a temporary file, flushes it to disk
/// and renames it over the old one, so a crash leaves either the old or the new version.
/// </summary>
/// <remarks>
/// The version check and the rename run under an exclusive lock on <c>&lt;id&gt;.lock</c> (an OS file lock, honoured by
/// other processes using this store). Lock files are kept: deleting one while another process waits on it would let two
/// saves in at once. Temporary files a crash left behind (<c>&lt;id&gt;.json.*.tmp</c>) are removed by the next save.
/// </remarks>
public sealed class FileSystemConversationStore : IConversationStore
{
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(10);
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="FileSystemConversationStore"/> class.</summary>
    /// <param name="directory">The folder; created on the first save.</param>
    /// <param name="timeProvider">The clock of lock waits; <see langword="null"/> for the system clock.</param>
    public FileSystemConversationStore(string directory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the full path of the folder conversations are kept in.</summary>
    public string Directory { get; }

    /// <summary>Gets or sets how long a save waits for another save of the same conversation to finish. Default: 10 seconds.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task<ConversationState?> LoadAsync(string id, CancellationToken cancellationToken = default)
    {
        ConversationIds.Validate(id, nameof(id));
        try
        {
            byte[] json = await File.ReadAllBytesAsync(PathOf(id), cancellationToken).ConfigureAwait(false);
            return ConversationStateSerializer.Deserialize(json);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(ConversationState state, CancellationToken cancellationToken = default)
    {
        ConversationStoreChecks.ValidateForSave(state);
        ConversationIds.Validate(state.Id, nameof(state));
        byte[] json = ConversationStateSerializer.Serialize(state);
        System.IO.Directory.CreateDirectory(Directory);
        string path = PathOf(state.Id);
        using FileStream gate = await LockAsync(state.Id, cancellationToken).ConfigureAwait(false);

        foreach (string stale in System.IO.Directory.EnumerateFiles(Directory, $"{state.Id}.json.*.tmp"))
        {
            File.Delete(stale); // Left by a save that died before its rename; we hold the lock, so no save is writing it.
        }

        long stored = (await LoadAsync(state.Id, cancellationToken).ConfigureAwait(false))?.Version ?? 0;
        if (stored != state.Version - 1)
        {
            throw new ConversationConcurrencyException(state.Id, state.Version - 1, stored);
        }

        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            FileStream stream = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true); // On disk before the rename makes it the conversation.
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ConversationIds.Validate(id, nameof(id));
        string path = PathOf(id);
        if (!File.Exists(path))
        {
            return false;
        }

        using FileStream gate = await LockAsync(id, cancellationToken).ConfigureAwait(false);
        bool existed = File.Exists(path);
        File.Delete(path);
        return existed;
    }

    private string PathOf(string id) => Path.Combine(Directory, id + ".json");

    private async Task<FileStream> LockAsync(string id, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Directory, id + ".lock");
        long started = _timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (_timeProvider.GetElapsedTime(started) < LockTimeout)
            {
                // Another save of this conversation holds the lock: it takes milliseconds.
                await Task.Delay(LockRetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new IOException($"Conversation '{id}' stayed locked by another save for {LockTimeout.TotalSeconds:0.#} seconds ({path}).", ex);
            }
        }
    }
}
