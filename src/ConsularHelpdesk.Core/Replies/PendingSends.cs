using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The index of sends not finished yet, so that the sweep finds stuck replies without reading any thread: a row is
/// written before the reply's thread row (a crash after it leaves a row to find), keyed by the time it is due for the
/// sweep, and removed when the sender is done. So the table holds sends in flight, never the history.
/// </summary>
internal sealed class PendingSends(StorageClients storage, TimeProvider time, IOptions<StuckReplyOptions> options)
{
    private TableClient Table => storage.Table(storage.Names.PendingSends);

    /// <summary>
    /// Records a message about to be queued, due after the grace period; returns it with its index key. A message that
    /// has a key already (a retried thread write) rewrites the same row.
    /// </summary>
    public async Task<OutboundMessage> AddAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var tracked = message with { PendingKey = message.PendingKey ?? NewKey(options.Value.Grace) };
        await Table.UpsertEntityAsync(
            new PendingSendEntity { RowKey = tracked.PendingKey!, Message = Serialize(message) },
            TableUpdateMode.Replace,
            cancellationToken);
        return tracked;
    }

    /// <summary>The rows due now, oldest first, at most <paramref name="max"/>: one range query on the row key.</summary>
    public async Task<IReadOnlyList<PendingSend>> DueAsync(int max, CancellationToken cancellationToken)
    {
        var upTo = $"{time.GetUtcNow().UtcTicks + 1:D19}";
        var due = new List<PendingSend>();
        await foreach (var row in Table.QueryAsync<PendingSendEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {PendingSendEntity.DuePartition} and RowKey lt {upTo}"),
            maxPerPage: max,
            cancellationToken: cancellationToken))
        {
            var message = JsonSerializer.Deserialize(row.Message, OutboundJsonContext.Default.OutboundMessage)!;
            due.Add(new PendingSend(row.RowKey, row.ETag, row.Attempts, message));
            if (due.Count == max)
            {
                break; // before the next page is requested
            }
        }

        return due;
    }

    /// <summary>
    /// Moves a due row to <paramref name="after"/> from now (delete and add in one transaction: one partition) and
    /// returns its message with the new key, to queue; null when the row is gone or changed (the sender finished, or
    /// another sweep moved it), so that only one sweep queues it.
    /// </summary>
    public async Task<OutboundMessage?> RescheduleAsync(PendingSend send, TimeSpan after, CancellationToken cancellationToken)
    {
        var key = NewKey(after);
        try
        {
            await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Delete, new TableEntity(PendingSendEntity.DuePartition, send.Key), send.ETag),
                    new(TableTransactionActionType.Add, new PendingSendEntity { RowKey = key, Message = Serialize(send.Message with { PendingKey = null }), Attempts = send.Attempts + 1 }),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            return null;
        }

        return send.Message with { PendingKey = key };
    }

    /// <summary>Removes a finished send's row (nothing when it has none, or it is gone already).</summary>
    public async Task RemoveAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return;
        }

        try
        {
            await Table.DeleteEntityAsync(PendingSendEntity.DuePartition, key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Removed already: a sweep moved it (its own queue message removes the new row), or a redelivery.
        }
    }

    private string NewKey(TimeSpan after) => $"{(time.GetUtcNow() + after).UtcTicks:D19}-{Guid.NewGuid():N}";

    private static string Serialize(OutboundMessage message) =>
        JsonSerializer.Serialize(message with { PendingKey = null }, OutboundJsonContext.Default.OutboundMessage);
}
