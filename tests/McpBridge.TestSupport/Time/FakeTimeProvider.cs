namespace McpBridge.TestSupport.Time;

/// <summary>
/// A clock that moves only when told to (Microsoft.Extensions.TimeProvider.Testing is not available here), shared by
/// every test project. Timers created from it fire, on the thread that calls <see cref="Advance"/>, when the clock passes
/// their due time: every period that passes, or — with <c>coalescePeriodicTimers</c> — at most once per
/// <see cref="Advance"/> (a once-a-second loop must not run a million times when a test jumps a month).
/// </summary>
public sealed class FakeTimeProvider(bool coalescePeriodicTimers = false) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _utcNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock forward and fires, in order, every timer that falls due on the way. When coalescing, each fires
    /// once, and only timers that existed when it was called (a loop that re-arms a one-second delay must not chase a
    /// clock moved by weeks).
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        HashSet<FakeTimer> eligible;
        lock (_gate)
        {
            target = _ticks + by.Ticks;
            eligible = [.. _timers];
        }

        while (true)
        {
            FakeTimer? next = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if ((!coalescePeriodicTimers || eligible.Contains(timer)) && timer.DueAt is { } due && due <= target && (next is null || due < next.DueAt))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    _utcNow += TimeSpan.FromTicks(target - _ticks);
                    _ticks = target;
                    return;
                }

                var dueAt = next.DueAt!.Value;
                _utcNow += TimeSpan.FromTicks(dueAt - _ticks);
                _ticks = dueAt;
                // Coalescing, a periodic timer fires once per Advance however many periods pass (as a PeriodicTimer's
                // ticks coalesce on a busy machine).
                next.DueAt = next.Period <= TimeSpan.Zero ? null
                    : coalescePeriodicTimers ? NextDue(dueAt, next.Period.Ticks, target)
                    : dueAt + next.Period.Ticks;
                eligible.Remove(next);
            }

            next.Fire();
        }
    }

    private static long NextDue(long dueAt, long period, long target)
    {
        var next = dueAt + period;
        return next > target ? next : target + period - ((target - dueAt) % period);
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long? DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + Math.Max(0, dueTime.Ticks);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
