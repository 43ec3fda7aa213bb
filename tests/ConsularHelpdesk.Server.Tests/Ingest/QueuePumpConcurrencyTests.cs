using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Tests.Ingest;

/// <summary>
/// A queue whose handler takes fewer messages at once (a citizen's file's download) is pumped no wider than that, on
/// Azurite: the messages are queued before the pump starts, so the first receive could take them all.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueuePumpConcurrencyTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_handler_of_limited_concurrency_never_has_more_messages_at_once_than_its_limit(int limit)
    {
        var storage = new StorageClients(
            Options.Create(new StorageOptions { ConnectionString = azurite.Azurite.ConnectionString, Prefix = "t" + Guid.NewGuid().ToString("N")[..12] }), []);
        var handler = new HoldingHandler(storage.Names.MediaQueue, limit);
        await storage.Queue(handler.QueueName).CreateIfNotExistsAsync();
        for (var i = 0; i < 5; i++)
        {
            await storage.Queue(handler.QueueName).SendMessageAsync($"job {i}");
        }

        var pump = new QueuePump(storage, [handler], Options.Create(new QueuePumpOptions { MaxPollingInterval = TimeSpan.FromMilliseconds(100) }), TimeProvider.System, NullLogger<QueuePump>.Instance);
        using var stop = new CancellationTokenSource();
        var running = pump.RunAsync(stop.Token);

        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(handler.Busy), busy => busy == limit);
        var atOnce = handler.Busy;
        handler.Release();
        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(handler.Done), done => done == 5);
        await stop.CancelAsync();
        await running.ContinueWith(_ => { }, TaskScheduler.Default); // stopping may end it cancelled, as a host's stop does

        atOnce.Should().Be(limit, "the first receive takes as many as the limit, and they run together");
        handler.Most.Should().Be(limit, "never more than the limit at once, though five were waiting and the machine has more cores");
        handler.Done.Should().Be(5);
    }

    private sealed class HoldingHandler(string queueName, int limit) : IQueueHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _busy;
        private int _most;
        private int _done;

        public string QueueName => queueName;

        public int? MaxConcurrency => limit;

        public int Busy => Volatile.Read(ref _busy);

        public int Most => Volatile.Read(ref _most);

        public int Done => Volatile.Read(ref _done);

        public void Release() => _release.TrySetResult();

        public async Task HandleAsync(string message, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _busy);
            for (var most = Most; now > most; most = Most)
            {
                Interlocked.CompareExchange(ref _most, now, most);
            }

            await _release.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref _busy);
            Interlocked.Increment(ref _done);
        }
    }
}
