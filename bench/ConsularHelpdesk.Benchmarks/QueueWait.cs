using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// Progress read from the queues' counts (one call each, whatever the tables hold), never from a scan of what the
/// system writes: a benchmark must not load what it measures. A message leaves its queue only once processed (in-flight
/// ones count too), so zero on the inbound, outbound and media queues means done.
/// </summary>
internal static class QueueWait
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    public static async Task<int> PendingAsync(StorageClients storage)
    {
        var total = 0;
        foreach (var name in new[] { storage.Names.InboundQueue, storage.Names.OutboundQueue, storage.Names.MediaQueue })
        {
            total += (await storage.Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        return total;
    }

    /// <summary>Null when the emulator did not answer in time: a slow read of progress is no reason to stop measuring.</summary>
    private static async Task<int?> PendingOrUnknownAsync(StorageClients storage)
    {
        try
        {
            return await PendingAsync(storage);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until nothing is pending (bounded); false when the limit passed first.</summary>
    public static async Task<bool> DrainedAsync(StorageClients storage)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (await PendingOrUnknownAsync(storage) != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
