using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// The index of conversations waiting for a person's first answer (<see cref="DeadlineEntity"/>), so that the sweep
/// reads the rows due now and nothing else: a row is keyed by when the sweep next looks at its conversation (first the
/// "near" time, then the due time, then each escalation margin), and the header says which row is current; a row the
/// header does not point at is left over (a crash, a race) and goes when the sweep meets it.
/// </summary>
internal sealed class Deadlines(StorageClients storage, ResponseDeadline deadline, IOptions<ResponseTargetOptions> options, TimeProvider time) : IDeadlineIndex
{
    private TableClient Table => storage.Table(storage.Names.Deadlines);

    public void Schedule(ThreadHeaderEntity header)
    {
        var since = header.WaitingSince ?? time.GetUtcNow();
        var due = deadline.DueAt(header.PostId, header.Urgent, since);
        (header.WaitingSince, header.DueAt, header.Target, header.TargetLevel, header.TargetTold) = (since, due, null, 0, null);
        header.DeadlineKey = Key(due - options.Value.NearFor(header.Urgent), header.PartitionKey);
    }

    public (bool Changed, string? Replaced) CheckAssignee(ThreadHeaderEntity header)
    {
        if (header.DueAt is null || header.AssignedTo is null)
        {
            return (false, null);
        }

        var key = Key(time.GetUtcNow() + options.Value.ReassignAfter, header.PartitionKey);
        if (header.DeadlineKey is { } current && string.CompareOrdinal(current, key) <= 0)
        {
            return (false, null); // a check comes sooner (keys start with the time, zero-padded: ordinal order is time order)
        }

        var replaced = header.DeadlineKey;
        header.DeadlineKey = key;
        return (true, replaced);
    }

    public async Task WriteAsync(ThreadHeaderEntity header, CancellationToken cancellationToken)
    {
        if (header.DeadlineKey is { } key)
        {
            await Table.UpsertEntityAsync(new DeadlineEntity { RowKey = key, ConversationId = header.PartitionKey }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task RemoveAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return;
        }

        try
        {
            await Table.DeleteEntityAsync(DeadlineEntity.DuePartition, key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Gone already: a sweep moved or cleared it.
        }
    }

    /// <summary>The rows due now, oldest first, at most <paramref name="max"/>: one range query on the row key.</summary>
    public async Task<IReadOnlyList<DeadlineEntity>> DueAsync(int max, CancellationToken cancellationToken)
    {
        var upTo = $"{time.GetUtcNow().UtcTicks + 1:D19}";
        var due = new List<DeadlineEntity>();
        await foreach (var row in Table.QueryAsync<DeadlineEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {DeadlineEntity.DuePartition} and RowKey lt {upTo}"),
            maxPerPage: max,
            cancellationToken: cancellationToken))
        {
            due.Add(row);
            if (due.Count == max)
            {
                break; // before the next page is requested
            }
        }

        return due;
    }

    /// <summary>
    /// Replaces a due row by the header's current one (<paramref name="next"/>; none when nothing is left to look at),
    /// in one transaction on the old row's ETag: false when another sweep moved or removed it first.
    /// </summary>
    public async Task<bool> MoveAsync(DeadlineEntity row, string? next, CancellationToken cancellationToken)
    {
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, new TableEntity(DeadlineEntity.DuePartition, row.RowKey), row.ETag)];
        if (next is not null && next != row.RowKey)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new DeadlineEntity { RowKey = next, ConversationId = row.ConversationId }));
        }
        else if (next == row.RowKey && row.RetryOf is null)
        {
            return true;
        }
        else if (next == row.RowKey)
        {
            // A put-off row the header now points at itself: the same key, cleared of what it stood for.
            actions = [new(TableTransactionActionType.UpdateReplace, new DeadlineEntity { RowKey = next, ConversationId = row.ConversationId }, row.ETag)];
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Puts off a row whose step failed, to <paramref name="retryAt"/>, keeping what it stands for and counting the
    /// failure: one transaction on the row's ETag, false when another sweep moved it first.
    /// </summary>
    public async Task<bool> PutOffAsync(DeadlineEntity row, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        var later = new DeadlineEntity { RowKey = Key(retryAt, row.ConversationId), ConversationId = row.ConversationId, RetryOf = row.StandsFor, Failures = row.Failures + 1 };
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Delete, new TableEntity(DeadlineEntity.DuePartition, row.RowKey), row.ETag),
            new(TableTransactionActionType.UpsertReplace, later),
        ];
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>When the sweep looks at the conversation next, then its id (unique: one current row per conversation).</summary>
    public static string Key(DateTimeOffset check, string conversationId) => $"{check.UtcTicks:D19}-{conversationId}";
}
