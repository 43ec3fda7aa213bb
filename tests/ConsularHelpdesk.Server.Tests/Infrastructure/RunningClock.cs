using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that keeps up with the wall clock, so that the app's pump, retries and timeouts
/// run as usual, and that a test moves ahead (past a grace period, a lease, a timer's period) when it chooses.
/// </summary>
public sealed class RunningClock : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public RunningClock()
    {
        _running = Task.Run(async () =>
        {
            var watch = Stopwatch.StartNew();
            var followed = TimeSpan.Zero;
            while (!_stop.IsCancellationRequested)
            {
                // Following real time is this clock's job, not a wait for a condition.
                await Task.Delay(5, CancellationToken.None);
                var elapsed = watch.Elapsed;
                Time.Advance(elapsed - followed);
                followed = elapsed;
            }
        });
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Moves the clock ahead at once (timers due meanwhile fire).</summary>
    public void Jump(TimeSpan by) => Time.Advance(by);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
