using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsularHelpdesk.Replies;

public sealed class SendThrottleTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero));

    private SendThrottle Throttle(int rate, int burst, Dictionary<string, int>? perAccount = null) =>
        new(Options.Create(new SendThrottleOptions { MessagesPerSecond = rate, Burst = burst, PerAccount = perAccount ?? [] }), clock);

    [Fact]
    public async Task After_the_burst_an_account_gets_its_rate_per_second()
    {
        var throttle = Throttle(rate: 20, burst: 5);
        var done = 0;
        var waiting = Enumerable.Range(0, 45).Select(async _ =>
        {
            await throttle.AcquireAsync(ChannelKind.WhatsApp, "100000000000001", CancellationToken.None);
            Interlocked.Increment(ref done);
        }).ToList();

        Volatile.Read(ref done).Should().Be(5, "the burst goes at once");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(waiting.Take(25)).WaitAsync(TimeSpan.FromSeconds(10)); // served oldest first
        Volatile.Read(ref done).Should().Be(25, "then 20 a second, however long the others wait");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        done.Should().Be(45);
    }

    [Fact]
    public async Task Each_account_has_its_own_bucket_and_may_have_its_own_rate()
    {
        var throttle = Throttle(rate: 20, burst: 1, perAccount: new() { ["page-slow"] = 2 });
        await throttle.AcquireAsync(ChannelKind.Messenger, "page-slow", CancellationToken.None);
        await throttle.AcquireAsync(ChannelKind.Messenger, "page-fast", CancellationToken.None);

        var slow = Enumerable.Range(0, 4).Select(_ => throttle.AcquireAsync(ChannelKind.Messenger, "page-slow", CancellationToken.None).AsTask()).ToList();
        var fast = Enumerable.Range(0, 4).Select(_ => throttle.AcquireAsync(ChannelKind.Messenger, "page-fast", CancellationToken.None).AsTask()).ToList();
        clock.Advance(TimeSpan.FromMilliseconds(500));

        await Task.WhenAll(fast).WaitAsync(TimeSpan.FromSeconds(10));
        await slow[0].WaitAsync(TimeSpan.FromSeconds(10));
        slow.Count(t => t.IsCompletedSuccessfully).Should().Be(1, "2 a second: one token in half a second");
        clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(slow).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_wait_ends_when_its_caller_gives_up()
    {
        var throttle = Throttle(rate: 1, burst: 1);
        await throttle.AcquireAsync(ChannelKind.WhatsApp, "100000000000001", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = throttle.AcquireAsync(ChannelKind.WhatsApp, "100000000000001", cancel.Token).AsTask();
        await cancel.CancelAsync();

        await waiting.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
    }
}
