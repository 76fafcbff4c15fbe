using System.Text;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// A text writer that keeps what was written and each separate write, and lets a test wait until some text has appeared:
/// proof that output was written while the writer's producer was still running.
/// </summary>
internal sealed class ObservedWriter : StringWriter
{
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    /// <summary>Gets each string written by a separate call, in order.</summary>
    public List<string> Writes { get; } = [];

    /// <summary>Completes once <paramref name="text"/> is part of the output.</summary>
    public Task WhenWrittenAsync(string text)
    {
        lock (_gate)
        {
            if (ToString().Contains(text, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            TaskCompletionSource seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
            return seen.Task;
        }
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
            Writes.Add(value ?? string.Empty);
            string output = ToString();
            foreach ((string text, TaskCompletionSource seen) in _awaited.Where(a => output.Contains(a.Text, StringComparison.Ordinal)).ToList())
            {
                seen.TrySetResult();
                _awaited.Remove((text, seen));
            }
        }
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        Write(value + NewLine);
        return Task.CompletedTask;
    }

    public override void WriteLine(string? value) => Write(value + NewLine);

    public override Encoding Encoding => Encoding.UTF8;
}
