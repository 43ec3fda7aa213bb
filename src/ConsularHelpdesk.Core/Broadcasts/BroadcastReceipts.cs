using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>
/// Moves a recipient of a broadcast from one state to the next (only forward) and counts the move in the same
/// entity-group transaction, on the recipient's counter row: the counts are exact whatever order the sender, Meta's
/// status callbacks and the runner report in, and whatever they repeat. Also answers the sender's "was it cancelled".
/// </summary>
internal sealed class BroadcastReceipts(StorageClients storage, TimeProvider time) : IBroadcastReceipts
{
    private const int MaxAttempts = 20;

    private TableClient Table => storage.Table(storage.Names.Broadcasts);

    public async Task<bool> IsCancelledAsync(string broadcast, CancellationToken cancellationToken) =>
        BroadcastKeys.ParseReference(broadcast) is { } reference
        && await Table.GetEntityIfExistsAsync<TableEntity>(reference.BroadcastId, BroadcastKeys.Header, ["Phase"], cancellationToken) is { HasValue: true } header
        && header.Value!.GetString("Phase") == BroadcastPhases.Cancelled;

    public Task RecordAsync(string broadcast, DeliveryState state, CancellationToken cancellationToken) => state switch
    {
        DeliveryState.Sent => MoveAsync(broadcast, RecipientState.Sent, null, cancellationToken),
        DeliveryState.Delivered => MoveAsync(broadcast, RecipientState.Delivered, null, cancellationToken),
        DeliveryState.Read => MoveAsync(broadcast, RecipientState.Read, null, cancellationToken),
        DeliveryState.Failed => MoveAsync(broadcast, RecipientState.Failed, null, cancellationToken),
        _ => Task.CompletedTask,
    };

    public Task WithdrawnAsync(string broadcast, CancellationToken cancellationToken) =>
        MoveAsync(broadcast, RecipientState.Cancelled, null, cancellationToken);

    /// <summary>
    /// Counts queued recipients of a cancelled broadcast as cancelled: 99 recipients (on their ETags) and one counter
    /// row per transaction, the counter row by the batch's place (the shards' sums are the counts). A recipient that
    /// moved meanwhile (the sender sent or withdrew it) makes its batch go one at a time, each only forward.
    /// </summary>
    public async Task CancelQueuedAsync(string id, IReadOnlyList<BroadcastRecipientEntity> queued, CancellationToken cancellationToken)
    {
        var shard = 0;
        foreach (var chunk in queued.Chunk(99))
        {
            if (!await TryCancelAsync(id, chunk, BroadcastKeys.Counter(shard++ % BroadcastKeys.Shards), cancellationToken))
            {
                foreach (var recipient in chunk)
                {
                    await MoveAsync(BroadcastKeys.Reference(id, recipient.RowKey), RecipientState.Cancelled, null, cancellationToken);
                }
            }
        }
    }

    /// <summary>False when a recipient of the batch changed since it was read (nothing written); retries a counter that changed meanwhile.</summary>
    private async Task<bool> TryCancelAsync(string id, BroadcastRecipientEntity[] batch, string counterKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var recipient in batch)
        {
            (recipient.State, recipient.StateAt) = (nameof(RecipientState.Cancelled), now);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<BroadcastCounterEntity>(id, counterKey, cancellationToken: cancellationToken);
            var counter = existing.HasValue ? existing.Value! : new BroadcastCounterEntity { PartitionKey = id, RowKey = counterKey };
            counter.Add(RecipientState.Queued, -batch.Length);
            counter.Add(RecipientState.Cancelled, batch.Length);
            var actions = batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateReplace, r, r.ETag)).ToList();
            actions.Add(existing.HasValue ? new(TableTransactionActionType.UpdateReplace, counter, counter.ETag) : new(TableTransactionActionType.Add, counter));
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && e.FailedTransactionActionIndex < batch.Length)
            {
                return false;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // The counter row changed (or was added) meanwhile: read it again.
            }
        }

        throw new RequestFailedException(409, "The broadcast's counter kept changing; the step will be retried.");
    }

    /// <summary>Moves the recipient named by <paramref name="broadcast"/> (a reference) to <paramref name="state"/> if that is progress.</summary>
    public async Task MoveAsync(string broadcast, RecipientState state, string? reason, CancellationToken cancellationToken)
    {
        if (BroadcastKeys.ParseReference(broadcast) is not var (id, row))
        {
            return;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var recipient = await Table.GetEntityIfExistsAsync<BroadcastRecipientEntity>(id, row, cancellationToken: cancellationToken);
            if (!recipient.HasValue || !Enum.TryParse<RecipientState>(recipient.Value!.State, out var from) || !RecipientStates.MovesForward(from, state))
            {
                return;
            }

            var counterKey = BroadcastKeys.CounterOf(row);
            var existing = await Table.GetEntityIfExistsAsync<BroadcastCounterEntity>(id, counterKey, cancellationToken: cancellationToken);
            var counter = existing.HasValue ? existing.Value! : new BroadcastCounterEntity { PartitionKey = id, RowKey = counterKey };
            counter.Add(from, -1);
            counter.Add(state, +1);
            var entity = recipient.Value;
            entity.State = state.ToString();
            entity.StateAt = time.GetUtcNow();
            entity.Reason = reason ?? entity.Reason;
            try
            {
                await Table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.UpdateReplace, entity, entity.ETag),
                        existing.HasValue ? new(TableTransactionActionType.UpdateReplace, counter, counter.ETag) : new(TableTransactionActionType.Add, counter),
                    ],
                    cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Someone moved the recipient or counted on the same row meanwhile: read both again.
            }
        }

        throw new RequestFailedException(409, "The broadcast recipient kept changing; its state will be recorded on a later attempt.");
    }
}
