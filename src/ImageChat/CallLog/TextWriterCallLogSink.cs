namespace ImageChat;

/// <summary>
/// Writes the call log of every conversation to one <see cref="TextWriter"/> (the console, a <see cref="StringWriter"/>),
/// one whole entry at a time, in <see cref="CallLogFormatter"/>'s format.
/// </summary>
/// <remarks>The writer is not disposed: its owner decides when it ends.</remarks>
internal sealed class TextWriterCallLogSink : ICallLogSink, IDisposable
{
    private readonly TextWriter _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a sink that writes to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the entries go.</param>
    public TextWriterCallLogSink(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(string conversationId, ModelCall modelCall, CancellationToken cancellationToken = default)
    {
        string entry = CallLogFormatter.Format(modelCall);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Entries of concurrent conversations must not interleave inside the writer.
            await _writer.WriteAsync(entry.AsMemory(), cancellationToken).ConfigureAwait(false);
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
