using Microsoft.Extensions.Time.Testing;

namespace ImageChat.Tests.TestDoubles;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when a timer with a given due time has been created, so that a test
/// advances the clock only once the wait it means to end (a retry delay, say) is really pending.
/// </summary>
internal sealed class TimerObservingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];
    private readonly List<(TimeSpan DueTime, int Count, TaskCompletionSource Created)> _waiters = [];

    public TimerObservingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 24, 9, 21, 34, TimeSpan.Zero))
    {
    }

    /// <summary>Gets the due times of every timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_gate)
            {
                return [.. _dueTimes];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
            foreach ((TimeSpan due, int count, TaskCompletionSource created) in _waiters)
            {
                if (_dueTimes.Count(d => d == due) >= count)
                {
                    created.TrySetResult();
                }
            }
        }

        return timer;
    }

    /// <summary>Waits until the <paramref name="count"/>th timer due after <paramref name="dueTime"/> exists, then advances the clock by that.</summary>
    public async Task AdvanceWhenTimerAsync(TimeSpan dueTime, int count = 1)
    {
        TaskCompletionSource created = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_dueTimes.Count(d => d == dueTime) >= count)
            {
                created.TrySetResult();
            }
            else
            {
                _waiters.Add((dueTime, count, created));
            }
        }

        // A guard against a hang if the wait never starts, not a measure of anything.
        await created.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Advance(dueTime);
    }
}
