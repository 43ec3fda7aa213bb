using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Notifications;

/// <summary>An alert as the triage page shows it; <see cref="Id"/> is what marks it read.</summary>
internal sealed record AlertView(string Id, string PostId, string ConversationId, string Link, string Reason, int Level, string Role, DateTimeOffset At, bool Read);

/// <summary>The newest alerts of an agent and how many of them are unread (<see cref="More"/>: older ones exist, not read here).</summary>
internal sealed record AlertList(int Unread, IReadOnlyList<AlertView> Items, bool More);

/// <summary>
/// The page-alert channel and the record of every notification (<c>Notifications</c> table, one partition per agent,
/// <see cref="AlertEntity"/>): an alert is added together with a row keyed by its id, in one transaction, so a
/// notification recorded already fails the whole add. The page's poll reads the top of the agent's partition only.
/// </summary>
internal sealed class PageAlerts(StorageClients storage, TimeProvider time)
{
    /// <summary>What one poll returns at most (and counts unread among).</summary>
    public const int PageSize = 50;

    private TableClient Table => storage.Table(storage.Names.Notifications);

    /// <returns>False when the notification was recorded before (nothing written).</returns>
    public async Task<bool> RecordAsync(Notification n, CancellationToken cancellationToken)
    {
        if (!IsKey(n.RecipientId))
        {
            return false; // no agent the directory can hold has such an id
        }

        var alert = new AlertEntity
        {
            PartitionKey = n.RecipientId,
            RowKey = AlertKeys.Alert(n.At, n.Id),
            PostId = n.PostId,
            ConversationId = n.ConversationId,
            Reason = n.Reason,
            Level = n.Level,
            RecipientRole = n.RecipientRole,
            At = n.At,
        };
        try
        {
            await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(n.RecipientId, AlertKeys.Dedupe(n.Id))),
                    new(TableTransactionActionType.Add, alert),
                ],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>One range query: the read mark and the newest <see cref="PageSize"/> alerts.</summary>
    public async Task<AlertList> ListAsync(string agentId, CancellationToken cancellationToken)
    {
        DateTimeOffset? readUpTo = null;
        var items = new List<AlertView>();
        var more = false;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {agentId} and RowKey ge {AlertKeys.ReadMarkRowKey} and RowKey lt {AlertKeys.AlertsEnd}");
        await foreach (var row in Table.QueryAsync<AlertEntity>(filter, maxPerPage: PageSize + 1, cancellationToken: cancellationToken))
        {
            if (row.RowKey == AlertKeys.ReadMarkRowKey)
            {
                readUpTo = row.ReadUpTo;
                continue;
            }

            if (items.Count == PageSize)
            {
                more = true;
                break; // before the next page is requested
            }

            items.Add(new AlertView(row.RowKey, row.PostId, row.ConversationId, Notification.LinkTo(row.ConversationId), row.Reason, row.Level, row.RecipientRole, row.At,
                row.Read || (readUpTo is { } mark && row.At <= mark)));
        }

        return new AlertList(items.Count(i => !i.Read), items, more);
    }

    /// <returns>False when the agent has no such alert.</returns>
    public async Task<bool> MarkReadAsync(string agentId, string alertId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(agentId, alertId) { ["Read"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Every alert so far read, in one write (the read mark), however many there are.</summary>
    public async Task MarkAllReadAsync(string agentId, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(
            new AlertEntity { PartitionKey = agentId, RowKey = AlertKeys.ReadMarkRowKey, ReadUpTo = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);

    private static bool IsKey(string id) =>
        id is { Length: > 0 and <= 256 } && id.IndexOfAny(['/', '\\', '#', '?', '\'']) < 0 && !id.Any(char.IsControl);
}
