using System.Diagnostics;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// A clock that runs with the wall clock, so that the app's pump, retries and timeouts run as usual, and that a test
/// moves ahead (past a grace period, a lease, a timer's period) when it chooses. It is the system clock plus an
/// offset; its timers are system timers that a jump re-arms for what is left of their due time (those due meanwhile
/// fire at once). No polling loop: nothing here waits on a fixed delay.
/// </summary>
public sealed class RunningClock : TimeProvider, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<JumpingTimer> _timers = [];
    private TimeSpan _offset;

    public TimeProvider Time => this;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() + (long)(Offset.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));

    public override long TimestampFrequency => Stopwatch.Frequency;

    private TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    /// <summary>Moves the clock ahead at once (timers due meanwhile fire).</summary>
    public void Jump(TimeSpan by)
    {
        JumpingTimer[] timers;
        lock (_gate)
        {
            _offset += by;
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Jumped(by);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpingTimer(this, callback, state, dueTime, period);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    public ValueTask DisposeAsync()
    {
        JumpingTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Forget(JumpingTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A system timer that knows when it is next due in real time, so that a jump can bring that forward.</summary>
    private sealed class JumpingTimer : ITimer
    {
        private readonly RunningClock _clock;
        private readonly ITimer _inner;
        private readonly Lock _gate = new();
        private long? _dueAt; // Stopwatch timestamp (real time) of the next firing
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public JumpingTimer(RunningClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _inner = System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _period = period;
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : Stopwatch.GetTimestamp() + ToTimestamp(dueTime);
                return _inner.Change(dueTime, period);
            }
        }

        public void Jumped(TimeSpan by)
        {
            lock (_gate)
            {
                if (_dueAt is not { } dueAt)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                var period = _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan ? ToTimestamp(_period) : 0;
                while (period > 0 && dueAt <= now)
                {
                    dueAt += period; // a periodic timer has fired meanwhile: its next firing
                }

                var left = Math.Max(0, dueAt - now - ToTimestamp(by));
                var dueTime = TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
                _dueAt = now + left;
                _inner.Change(dueTime, _period);
            }
        }

        public void Dispose()
        {
            _clock.Forget(this);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static long ToTimestamp(TimeSpan span) => (long)(span.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));
    }
}
