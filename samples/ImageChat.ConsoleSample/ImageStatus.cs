using System.Diagnostics;

namespace ImageChat.ConsoleSample;

/// <summary>
/// The status line shown while an image is generated. On a terminal it is redrawn in place every second with the time
/// elapsed; written anywhere else (a file, a pipe, a test) it is one plain line, so that the output stays readable.
/// </summary>
internal sealed class ImageStatus(TextWriter output) : IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private readonly bool _live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _ticking;
    private Task _ticker = Task.CompletedTask;
    private string? _description;
    private string? _note;
    private long _started;

    /// <summary>Shows that an image is being generated, and on a terminal starts ticking.</summary>
    public async Task StartAsync(string description, CancellationToken cancellationToken)
    {
        await EndAsync().ConfigureAwait(false);
        _description = description;
        _note = null;
        _started = Stopwatch.GetTimestamp();
        if (!_live)
        {
            await output.WriteLineAsync($"  generating image: {description}").ConfigureAwait(false);
            return;
        }

        Draw();
        _ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ticker = TickAsync(_ticking.Token);
    }

    /// <summary>Adds a note to the status, such as a partial preview having arrived.</summary>
    public async Task ShowAsync(string note)
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
            output.Write($"\r{new string(' ', Math.Max(Console.WindowWidth - 1, 0))}\r");
        }
    }

    public async ValueTask DisposeAsync() => await EndAsync().ConfigureAwait(false);

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
        string line = $"  generating image ({seconds} s{(_note is null ? string.Empty : $", {_note}")}): {_description}";
        int width = Math.Max(Console.WindowWidth - 1, 20);
        lock (_gate)
        {
            output.Write($"\r{(line.Length > width ? line[..(width - 1)] + "…" : line.PadRight(width))}");
        }
    }
}
