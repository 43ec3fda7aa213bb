using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The conversations a crisis tagged, in the crisis's partition of the <c>Crises</c> table (<see cref="CrisisKeys"/>):
/// each conversation's row (<c>c-{id}</c>, a projection of its header, written by the inbox projection after every
/// change of a tagged header) and, in the same entity-group transaction, what the dashboard and the list read instead
/// of the rows: its counter row moved by the difference between the state it had and the new one, its row of the list's
/// order index and of the waiting index. The conversation's row is written on its ETag and the counter rows on theirs
/// (retried on 409/412), so the counts are exact under concurrent projections; a projection no newer than the row
/// (its header's revision) writes nothing, so a replay or an older projection moves nothing.
/// </summary>
internal sealed class CrisisConversations(StorageClients storage)
{
    private const int MaxAttempts = 20;
    private const int MaxPreview = 200;

    /// <summary>Rows of one post and counter row per transaction when counting old rows (3 actions each, and the counter row).</summary>
    private const int RecountBatch = 30;

    private TableClient Table => storage.Table(storage.Names.Crises);

    /// <summary>Writes the conversation's row as the header projects it, unless the row holds this revision or a newer one already.</summary>
    public Task UpsertAsync(string crisisId, CrisisConversation row, CancellationToken cancellationToken)
    {
        row = row with { Preview = row.Preview is { Length: > MaxPreview } p ? p[..MaxPreview] : row.Preview };
        return WriteAsync(crisisId, row.ConversationId, stored => Newer(stored, row), cancellationToken);
    }

    /// <summary>What to write over the row read: the projection when newer; a row not counted yet counted as it is when it is newer; else nothing.</summary>
    private static CrisisConversation? Newer(Stored? stored, CrisisConversation row) => stored switch
    {
        null => row,
        { Counted: true } when stored.Row.Revision >= row.Revision => null,
        { Counted: false } when stored.Row.Revision > row.Revision => stored.Row,
        _ => row,
    };

    /// <summary>One conversation's row, or null.</summary>
    public async Task<CrisisConversation?> GetAsync(string crisisId, string conversationId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, CrisisKeys.Conversation(conversationId), cancellationToken: cancellationToken);
        return row.HasValue ? Stored.Of(row.Value!).Row : null;
    }

    /// <summary>Every conversation row of the crisis (a read of the whole partition's conversation rows: for a check, never for a poll).</summary>
    public async Task<IReadOnlyList<CrisisConversation>> ListAsync(string crisisId, CancellationToken cancellationToken)
    {
        var result = new List<CrisisConversation>();
        await foreach (var row in ConversationRowsAsync(crisisId, cancellationToken))
        {
            result.Add(Stored.Of(row).Row);
        }

        return result;
    }

    /// <summary>
    /// Removes the conversation from the crisis: its list and waiting rows, then its <c>c-</c> row (on its ETag) and its
    /// counts taken out of its counter row in one transaction, again on a concurrent change. False when it had no row.
    /// </summary>
    public async Task<bool> RemoveAsync(string crisisId, string conversationId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, CrisisKeys.Conversation(conversationId), cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return false;
            }

            var stored = Stored.Of(found.Value!);
            // The index rows first, each alone (one already gone is no failure), so that a purge stopped here still
            // finds the conversation's row, which names them, and finishes.
            foreach (var index in new[] { stored.OrderRow, stored.WaitingRow }.OfType<string>())
            {
                await Table.DeleteEntityAsync(crisisId, index, ETag.All, cancellationToken);
            }

            List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, new TableEntity(crisisId, CrisisKeys.Conversation(conversationId)), stored.ETag)];

            if (stored.Counted)
            {
                var key = CrisisKeys.Counter(stored.Row.PostId, conversationId);
                var counter = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, key, cancellationToken: cancellationToken);
                if (counter.HasValue)
                {
                    foreach (var property in CrisisCounter.Contribution(stored.Row))
                    {
                        CrisisCounter.Add(counter.Value!, property, -1);
                    }

                    actions.Add(new(TableTransactionActionType.UpdateReplace, counter.Value!, counter.Value!.ETag));
                }
            }

            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // The row, an index row (removed meanwhile) or the counter row changed: read them again.
            }
        }

        throw new RequestFailedException(409, "The crisis's conversation row kept changing; the next purge removes it.");
    }

    /// <summary>Marks a crisis whose rows are all counted as they are written (a new crisis): it is never recounted.</summary>
    public Task MarkCountedAsync(string crisisId, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(crisisId, CrisisKeys.CountedMarker), TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Counts the rows written before the counters existed (no <c>Counted</c>): one read of the partition's
    /// conversation rows, then the rows of each counter row in transactions of <see cref="RecountBatch"/>, a batch
    /// that met a concurrent write one row at a time (a row counted meanwhile is left as it is); then the marker.
    /// Once, for a crisis without the marker.
    /// </summary>
    public async Task RecountAsync(string crisisId, CancellationToken cancellationToken)
    {
        var uncounted = new List<Stored>();
        await foreach (var row in ConversationRowsAsync(crisisId, cancellationToken))
        {
            if (Stored.Of(row) is { Counted: false } stored)
            {
                uncounted.Add(stored);
            }
        }

        foreach (var group in uncounted.GroupBy(s => CrisisKeys.Counter(s.Row.PostId, s.Row.ConversationId), StringComparer.Ordinal))
        {
            foreach (var batch in group.Chunk(RecountBatch))
            {
                if (!await TrySubmitAsync(crisisId, [.. batch.Select(s => (s, s.Row))], cancellationToken))
                {
                    foreach (var stored in batch)
                    {
                        await WriteAsync(crisisId, stored.Row.ConversationId, s => s is { Counted: false } old ? old.Row : null, cancellationToken);
                    }
                }
            }
        }

        await MarkCountedAsync(crisisId, cancellationToken);
    }

    private AsyncPageable<TableEntity> ConversationRowsAsync(string crisisId, CancellationToken cancellationToken) =>
        Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {crisisId} and RowKey ge {CrisisKeys.ConversationPrefix} and RowKey lt {"c."}"),
            cancellationToken: cancellationToken);

    /// <summary>Reads the row, asks <paramref name="decide"/> what to write (null: nothing), writes it; again when a concurrent write came first.</summary>
    private async Task WriteAsync(string crisisId, string conversationId, Func<Stored?, CrisisConversation?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, CrisisKeys.Conversation(conversationId), cancellationToken: cancellationToken);
            var stored = found.HasValue ? Stored.Of(found.Value!) : null;
            if (decide(stored) is not { } row || await TrySubmitAsync(crisisId, [(stored, row)], cancellationToken))
            {
                return;
            }
        }

        throw new RequestFailedException(409, "The crisis's conversation row kept changing; the next change of the conversation writes it.");
    }

    /// <summary>
    /// One transaction: each conversation row (on its ETag, or added), its index rows moved, and each counter row
    /// touched by the difference (on its ETag, or added). False when any of them changed meanwhile (nothing written).
    /// </summary>
    private async Task<bool> TrySubmitAsync(string crisisId, IReadOnlyList<(Stored? From, CrisisConversation To)> moves, CancellationToken cancellationToken)
    {
        var deltas = new Dictionary<string, (string PostId, Dictionary<string, int> Counts)>(StringComparer.Ordinal);
        foreach (var (from, to) in moves)
        {
            if (from is { Counted: true })
            {
                Count(deltas, from.Row, -1);
            }

            Count(deltas, to, +1);
        }

        var touched = deltas.Where(d => d.Value.Counts.Values.Any(v => v != 0)).ToList();
        var counters = await Task.WhenAll(touched.Select(d => Table.GetEntityIfExistsAsync<TableEntity>(crisisId, d.Key, cancellationToken: cancellationToken)));

        var actions = new List<TableTransactionAction>();
        foreach (var (from, to) in moves)
        {
            var order = CrisisKeys.Order(to);
            var orderRow = CrisisKeys.OrderRow(to.PostId, order);
            var waitingRow = CrisisKeys.Waiting(to);
            var row = ConversationEntity(crisisId, to, orderRow, waitingRow);
            actions.Add(from is null ? new(TableTransactionActionType.Add, row) : new(TableTransactionActionType.UpdateReplace, row, from.ETag));
            if (from?.OrderRow is { } oldOrder && oldOrder != orderRow)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(crisisId, oldOrder), ETag.All));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, OrderEntity(crisisId, orderRow, order, to)));
            if (from?.WaitingRow is { } oldWaiting && oldWaiting != waitingRow)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(crisisId, oldWaiting), ETag.All));
            }

            if (waitingRow is not null)
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(crisisId, waitingRow) { ["ConversationId"] = to.ConversationId, ["WaitingSince"] = to.WaitingSince }));
            }
        }

        for (var i = 0; i < touched.Count; i++)
        {
            var (key, (postId, counts)) = touched[i];
            var counter = counters[i].HasValue ? counters[i].Value! : new TableEntity(crisisId, key) { ["PostId"] = postId };
            foreach (var (property, delta) in counts)
            {
                CrisisCounter.Add(counter, property, delta);
            }

            actions.Add(counters[i].HasValue ? new(TableTransactionActionType.UpdateReplace, counter, counter.ETag) : new(TableTransactionActionType.Add, counter));
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // The conversation's row or a counter row changed (or was added) meanwhile: read them again.
            return false;
        }
    }

    private static void Count(Dictionary<string, (string PostId, Dictionary<string, int> Counts)> deltas, CrisisConversation row, int sign)
    {
        var key = CrisisKeys.Counter(row.PostId, row.ConversationId);
        if (!deltas.TryGetValue(key, out var delta))
        {
            deltas[key] = delta = (row.PostId, new Dictionary<string, int>(StringComparer.Ordinal));
        }

        foreach (var property in CrisisCounter.Contribution(row))
        {
            delta.Counts[property] = delta.Counts.GetValueOrDefault(property) + sign;
        }
    }

    private static TableEntity ConversationEntity(string crisisId, CrisisConversation row, string orderRow, string? waitingRow) =>
        new(crisisId, CrisisKeys.Conversation(row.ConversationId))
        {
            ["PostId"] = row.PostId,
            ["Channel"] = row.Channel,
            ["Level"] = row.Level,
            ["State"] = row.State,
            ["WaitingSince"] = row.WaitingSince,
            ["LastInboundAt"] = row.LastInboundAt,
            ["LastActivityAt"] = row.LastActivityAt,
            ["Area"] = row.Area,
            ["Preview"] = row.Preview,
            ["Revision"] = row.Revision,
            ["Counted"] = true,
            ["OrderRow"] = orderRow,
            ["WaitingRow"] = waitingRow,
        };

    /// <summary>The list's row: what the list shows of the conversation, so that a page reads these rows only.</summary>
    private static TableEntity OrderEntity(string crisisId, string orderRow, string order, CrisisConversation row) =>
        new(crisisId, orderRow)
        {
            ["Order"] = order,
            ["ConversationId"] = row.ConversationId,
            ["PostId"] = row.PostId,
            ["Channel"] = row.Channel,
            ["Level"] = row.Level,
            ["State"] = row.State,
            ["WaitingSince"] = row.WaitingSince,
            ["LastActivityAt"] = row.LastActivityAt,
            ["Area"] = row.Area,
            ["Preview"] = row.Preview,
        };

    /// <summary>A conversation row as read: its state, whether it is counted, the index rows it holds, its ETag.</summary>
    private sealed record Stored(CrisisConversation Row, bool Counted, string? OrderRow, string? WaitingRow, ETag ETag)
    {
        public static Stored Of(TableEntity row) => new(
            new CrisisConversation(
                row.RowKey[CrisisKeys.ConversationPrefix.Length..],
                row.GetString("PostId") ?? string.Empty,
                row.GetString("Channel") ?? string.Empty,
                row.GetString("Level") ?? "none",
                row.GetString("State") ?? CrisisConversationStates.Waiting,
                row.GetDateTimeOffset("WaitingSince"),
                row.GetDateTimeOffset("LastInboundAt"),
                row.GetDateTimeOffset("LastActivityAt") ?? default,
                row.GetString("Area"),
                row.GetString("Preview"),
                row.GetInt64("Revision") ?? 0),
            row.GetBoolean("Counted") == true,
            row.GetString("OrderRow"),
            row.GetString("WaitingRow"),
            row.ETag);
    }
}
