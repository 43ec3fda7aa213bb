using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>A broadcast with its counts, as the progress view shows it.</summary>
internal sealed record BroadcastProgress(BroadcastEntity Header, BroadcastCounts Counts);

/// <summary>
/// The broadcasts of the crises (<c>Broadcasts</c> table, docs/storage.md): made, read with their counts (the header and
/// the counter rows: one range query of the broadcast's partition that stops before its recipients), listed per crisis
/// (a pointer partition, newest first), cancelled. Never reads a recipient to count.
/// </summary>
internal sealed class BroadcastStore(StorageClients storage, BroadcastQueue queue, TimeProvider time)
{
    /// <summary>The most broadcasts a crisis lists.</summary>
    public const int MaxListed = 20;

    private TableClient Table => storage.Table(storage.Names.Broadcasts);

    /// <summary>
    /// Stores a new broadcast so that no failure leaves it half made: its first step is queued before its header is
    /// written (a step that finds no header waits for it a little, <see cref="BroadcastRunner"/>; a header never
    /// written leaves nothing to run), and the crisis's pointer, written after the header, is written again by the first
    /// step (an upsert), so that a failure of this write neither fails the request nor hides the broadcast.
    /// </summary>
    public async Task<BroadcastEntity> CreateAsync(
        string crisisId, IReadOnlyCollection<string> areas, BroadcastTexts texts, int days, (string Id, string Name) by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var header = new BroadcastEntity
        {
            PartitionKey = BroadcastKeys.NewId(),
            CrisisId = crisisId,
            Areas = string.Join(',', areas),
            Texts = JsonSerializer.Serialize(texts, BroadcastJsonContext.Default.BroadcastTexts),
            Days = days,
            From = now - TimeSpan.FromDays(days),
            To = now,
            CreatedBy = by.Id,
            CreatedByName = by.Name,
            CreatedAt = now,
            Phase = BroadcastPhases.Collecting,
        };
        await queue.EnqueueAsync(new BroadcastJob(header.PartitionKey, header.Run, now), TimeSpan.Zero, cancellationToken);
        var added = await Table.AddEntityAsync(header, cancellationToken);
        header.ETag = added.Headers.ETag ?? header.ETag;
        try
        {
            await WritePointerAsync(header, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // The first step writes it again: the broadcast is made, and a retry of the request would make a second one.
        }

        return header;
    }

    /// <summary>The crisis's pointer to the broadcast, by which its list finds it (idempotent).</summary>
    public async Task WritePointerAsync(BroadcastEntity header, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(
            new BroadcastPointerEntity
            {
                PartitionKey = BroadcastKeys.CrisisPartition(header.CrisisId),
                RowKey = BroadcastKeys.Pointer(header.CreatedAt, header.PartitionKey),
                BroadcastId = header.PartitionKey,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<BroadcastEntity?> GetAsync(string id, CancellationToken cancellationToken) =>
        BroadcastKeys.IsId(id) && await Table.GetEntityIfExistsAsync<BroadcastEntity>(id, BroadcastKeys.Header, cancellationToken: cancellationToken) is { HasValue: true } found
            ? found.Value
            : null;

    /// <summary>The header (a point read) and the counts (one range query over the counter rows): two calls, whatever the size.</summary>
    public async Task<BroadcastProgress?> ProgressAsync(string id, CancellationToken cancellationToken)
    {
        var header = GetAsync(id, cancellationToken);
        var counters = new List<BroadcastCounterEntity>();
        if (BroadcastKeys.IsId(id))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {BroadcastKeys.CounterPrefix} and RowKey lt {"count."}");
            await foreach (var row in Table.QueryAsync<BroadcastCounterEntity>(filter, cancellationToken: cancellationToken))
            {
                counters.Add(row);
            }
        }

        return await header is { } found ? new BroadcastProgress(found, BroadcastCounts.Sum(counters)) : null;
    }

    /// <summary>The crisis's newest broadcasts (at most <see cref="MaxListed"/>) with their counts.</summary>
    public async Task<IReadOnlyList<BroadcastProgress>> ListAsync(string crisisId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BroadcastKeys.CrisisPartition(crisisId)}");
        await foreach (var pointer in Table.QueryAsync<BroadcastPointerEntity>(filter, maxPerPage: MaxListed, cancellationToken: cancellationToken))
        {
            ids.Add(pointer.BroadcastId);
            if (ids.Count == MaxListed)
            {
                break;
            }
        }

        var found = await Task.WhenAll(ids.Select(id => ProgressAsync(id, cancellationToken)));
        return [.. found.OfType<BroadcastProgress>()];
    }

    /// <summary>Replaces the header on its ETag; false on a concurrent change (nothing written).</summary>
    public async Task<bool> TryReplaceAsync(BroadcastEntity header, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, cancellationToken);
            header.ETag = response.Headers.ETag ?? header.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks the broadcast cancelled (from then on the sender withdraws its queued messages) and queues a step of its
    /// current run, so that the runner counts the recipients still queued as cancelled even when no step of it is
    /// pending (a broadcast done handing on); null when there is none.
    /// </summary>
    public async Task<BroadcastEntity?> CancelAsync(string id, (string Id, string Name) by, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await GetAsync(id, cancellationToken) is not { } header)
            {
                return null;
            }

            if (header.Phase == BroadcastPhases.Cancelled)
            {
                return header;
            }

            header.Phase = BroadcastPhases.Cancelled;
            header.CancelledBy = by.Id;
            header.CancelledAt = time.GetUtcNow();
            header.Cursor = null;
            if (await TryReplaceAsync(header, cancellationToken))
            {
                await queue.EnqueueAsync(new BroadcastJob(header.PartitionKey, header.Run), TimeSpan.Zero, cancellationToken);
                return header;
            }
        }

        throw new RequestFailedException(409, "The broadcast kept changing; cancel again.");
    }

    /// <summary>The next recipients after <paramref name="cursor"/>, in key order (one range query).</summary>
    public async Task<List<BroadcastRecipientEntity>> RecipientsAsync(string id, string? cursor, int max, CancellationToken cancellationToken)
    {
        var rows = new List<BroadcastRecipientEntity>(max);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey gt {cursor ?? BroadcastKeys.RecipientPrefix} and RowKey lt {"r."}");
        await foreach (var row in Table.QueryAsync<BroadcastRecipientEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == max)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>The next recipients still queued after <paramref name="cursor"/>, in key order (one range query, filtered by the service).</summary>
    public async Task<List<BroadcastRecipientEntity>> QueuedRecipientsAsync(string id, string? cursor, int max, CancellationToken cancellationToken)
    {
        var rows = new List<BroadcastRecipientEntity>(max);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {id} and RowKey gt {cursor ?? BroadcastKeys.RecipientPrefix} and RowKey lt {"r."} and State eq {nameof(RecipientState.Queued)}");
        await foreach (var row in Table.QueryAsync<BroadcastRecipientEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == max)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>
    /// Adds recipients (state queued) and counts them, in transactions of 99 rows and one counter row. A recipient
    /// already there (a contact met again on an older day or in another country, or a step repeated after a crash) is
    /// neither written nor counted again: its row keeps the newest message (<see cref="KeepNewestAsync"/>), and the
    /// transaction goes again without it. Returns how many were new.
    /// </summary>
    public async Task<int> AddRecipientsAsync(string id, IReadOnlyList<BroadcastRecipientEntity> recipients, CancellationToken cancellationToken)
    {
        var added = 0;
        var shard = 0;
        foreach (var chunk in recipients.Chunk(99))
        {
            var batch = chunk.ToList();
            while (batch.Count > 0)
            {
                var there = await TryAddAsync(id, batch, BroadcastKeys.Counter(shard++ % BroadcastKeys.Shards), cancellationToken);
                if (there < 0)
                {
                    added += batch.Count;
                    break;
                }

                await KeepNewestAsync(batch[there], cancellationToken);
                batch.RemoveAt(there);
            }
        }

        return added;
    }

    /// <summary>-1 when the batch was added, else the index of a recipient that exists already (nothing written); retries a counter that changed meanwhile.</summary>
    private async Task<int> TryAddAsync(string id, List<BroadcastRecipientEntity> batch, string counterKey, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await Table.GetEntityIfExistsAsync<BroadcastCounterEntity>(id, counterKey, cancellationToken: cancellationToken);
            var counter = existing.HasValue ? existing.Value! : new BroadcastCounterEntity { PartitionKey = id, RowKey = counterKey };
            counter.Add(RecipientState.Queued, batch.Count);
            var actions = batch.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)).ToList();
            actions.Add(existing.HasValue ? new(TableTransactionActionType.UpdateReplace, counter, counter.ETag) : new(TableTransactionActionType.Add, counter));
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return -1;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is { } index && index < batch.Count)
            {
                return index;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 20)
            {
                // The counter row changed (or was added) meanwhile: read it again.
            }
        }
    }

    /// <summary>
    /// A recipient met again: its row takes the newer message's conversation and time while it is still queued (a
    /// point read; a write only when this one is newer, on the row's ETag: a row that moved meanwhile is left as it is).
    /// </summary>
    private async Task KeepNewestAsync(BroadcastRecipientEntity recipient, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<BroadcastRecipientEntity>(recipient.PartitionKey, recipient.RowKey, cancellationToken: cancellationToken);
        if (found is not { HasValue: true, Value: { } row } || row.LastInboundAt >= recipient.LastInboundAt || row.State != nameof(RecipientState.Queued))
        {
            return;
        }

        (row.Channel, row.ConversationId, row.Account, row.LastInboundAt) = (recipient.Channel, recipient.ConversationId, recipient.Account, recipient.LastInboundAt);
        try
        {
            await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Moved on meanwhile: what it holds stays.
        }
    }
}
