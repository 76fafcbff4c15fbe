using System.Diagnostics;

namespace ImageChat.ConsoleSample;

/// <summary>
/// The status line of a running turn: "thinking" while the model works, then what the image tool does. On a terminal it
/// is redrawn in place every second with the time elapsed, and cleared before anything else is written; written anywhere
/// else (a file, a pipe, a test) only the image tool's steps are written, one plain line each, so the transcript stays readable.
/// </summary>
internal sealed class TurnStatus(TextWriter output) : IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly bool _live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _ticking;
    private Task _ticker = Task.CompletedTask;
    private string _activity = string.Empty;
    private string? _detail;
    private string? _note;
    private long _started;

    /// <summary>Shows that the model is working; on a terminal only, as a transcript needs no such line.</summary>
    public async Task ThinkingAsync(CancellationToken cancellationToken)
    {
        await EndAsync().ConfigureAwait(false);
        if (_live)
        {
            Start("thinking", null, cancellationToken);
        }
    }

    /// <summary>Shows that an image is being generated, or edited from its parent.</summary>
    public async Task ImageAsync(ImageGenerationStarted started, CancellationToken cancellationToken)
    {
        await EndAsync().ConfigureAwait(false);
        string activity = started.ParentFileName is null ? "generating image" : $"editing {started.ParentFileName}";
        if (_live)
        {
            Start(activity, started.Description, cancellationToken);
        }
        else
        {
            await output.WriteLineAsync($"  {activity}: {started.Description}").ConfigureAwait(false);
        }
    }

    /// <summary>Adds a note to the status, such as a partial preview having arrived.</summary>
    public async Task NoteAsync(string note)
    {
        _note = note;
        if (_live)
        {
            Draw();
        }
        else
        {
            await output.WriteLineAsync($"  {note}").ConfigureAwait(false);
        }
    }

    /// <summary>Stops ticking and clears the status line, if one is shown.</summary>
    public async Task EndAsync()
    {
        if (_ticking is null)
        {
            return;
        }

        await _ticking.CancelAsync().ConfigureAwait(false);
        await _ticker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _ticking.Dispose();
        _ticking = null;
        lock (_gate)
        {
            output.Write($"\r{new string(' ', Width)}\r");
        }
    }

    public async ValueTask DisposeAsync() => await EndAsync().ConfigureAwait(false);

    /// <summary>Gets how wide the status line may be: one less than the terminal, which would wrap at its last column (80 when it does not say).</summary>
    private static int Width => Math.Max(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 79, 20);

    private void Start(string activity, string? detail, CancellationToken cancellationToken)
    {
        _activity = activity;
        _detail = detail;
        _note = null;
        _started = Stopwatch.GetTimestamp();
        Draw();
        _ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ticker = TickAsync(_ticking.Token);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using PeriodicTimer timer = new(TickInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Draw();
        }
    }

    private void Draw()
    {
        int seconds = (int)Stopwatch.GetElapsedTime(_started).TotalSeconds;
        string line = $"  {_activity} ({seconds} s{(_note is null ? string.Empty : $", {_note}")}){(_detail is null ? "…" : $": {_detail}")}";
        int width = Width;
        lock (_gate)
        {
            output.Write($"\r{(line.Length > width ? line[..(width - 1)] + "…" : line.PadRight(width))}");
        }
    }
}
