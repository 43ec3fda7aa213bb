using System.Diagnostics;
using Azure.Data.Tables;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// The processing floor: a loop that only receives a batch from a queue, writes one entity-group transaction of three
/// entities per message (a header, a message, an index row in the message's own partition, as a thread's would be),
/// and deletes the message — with the pump's batch size and the pump's parallelism (<see cref="QueuePump"/> handles a
/// batch with Parallel.ForEachAsync's defaults). What processing cannot beat on this machine and emulator.
/// </summary>
internal static class ProcessingFloor
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    /// <summary>Fills a queue of its own with <paramref name="count"/> messages (not timed), then times draining it.</summary>
    /// <returns>Messages per second; null when the time limit passed first.</returns>
    public static async Task<double?> MeasureAsync(StorageClients storage, QueuePumpOptions pump, int count, int concurrency, string body)
    {
        var queue = storage.Queue("floor");
        await queue.CreateIfNotExistsAsync();
        var table = storage.Table("Floor");
        await table.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
            await queue.SendMessageAsync(body, ct));

        var processed = 0;
        var deadline = DateTime.UtcNow + Limit;
        var clock = Stopwatch.StartNew();
        while (processed < count && DateTime.UtcNow < deadline)
        {
            var messages = (await queue.ReceiveMessagesAsync(pump.BatchSize, pump.VisibilityTimeout)).Value;
            await Parallel.ForEachAsync(messages, async (message, ct) =>
            {
                var partition = message.MessageId;
                await table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.Add, new TableEntity(partition, "thread") { ["State"] = "open", ["Preview"] = message.MessageText[..Math.Min(80, message.MessageText.Length)], ["Revision"] = 1L }),
                        new(TableTransactionActionType.Add, new TableEntity(partition, "msg-1") { ["Direction"] = "in", ["Text"] = message.MessageText }),
                        new(TableTransactionActionType.Add, new TableEntity(partition, "index") { ["Row"] = "msg-1" }),
                    ],
                    ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            });
            Interlocked.Add(ref processed, messages.Length);
        }

        return processed >= count ? count / clock.Elapsed.TotalSeconds : null;
    }
}
