using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The conversations a crisis tagged: <c>Crises</c> table, PartitionKey = the crisis id, RowKey = <c>c-{conversation id}</c>,
/// each a projection of the conversation's header (written after every change of a tagged header, by the inbox
/// projection), so that the crisis list and its counts read that one partition and nothing else.
/// </summary>
internal sealed class CrisisConversations(StorageClients storage)
{
    internal const string RowPrefix = "c-";

    /// <summary>The most rows a crisis list reads (one partition; a crisis of a whole country stays far below).</summary>
    public const int MaxRows = 20_000;

    private TableClient Table => storage.Table(storage.Names.Crises);

    /// <summary>Writes the conversation's row (replacing the one there: the caller projects the newest header).</summary>
    public Task UpsertAsync(string crisisId, CrisisConversation row, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(
            new TableEntity(crisisId, RowPrefix + row.ConversationId)
            {
                ["PostId"] = row.PostId,
                ["Channel"] = row.Channel,
                ["Level"] = row.Level,
                ["State"] = row.State,
                ["WaitingSince"] = row.WaitingSince,
                ["LastInboundAt"] = row.LastInboundAt,
                ["LastActivityAt"] = row.LastActivityAt,
                ["Area"] = row.Area,
                ["Preview"] = row.Preview is { Length: > 200 } p ? p[..200] : row.Preview,
                ["Revision"] = row.Revision,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>One conversation's row, or null.</summary>
    public async Task<CrisisConversation?> GetAsync(string crisisId, string conversationId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, RowPrefix + conversationId, cancellationToken: cancellationToken);
        return row.HasValue ? FromRow(row.Value!) : null;
    }

    /// <summary>Every conversation of the crisis (one range query of its partition, at most <see cref="MaxRows"/>).</summary>
    public async Task<IReadOnlyList<CrisisConversation>> ListAsync(string crisisId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {crisisId} and RowKey ge {RowPrefix} and RowKey lt {"c."}");
        var result = new List<CrisisConversation>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(FromRow(row));
            if (result.Count >= MaxRows)
            {
                break;
            }
        }

        return result;
    }

    private static CrisisConversation FromRow(TableEntity row) => new(
        row.RowKey[RowPrefix.Length..],
        row.GetString("PostId") ?? string.Empty,
        row.GetString("Channel") ?? string.Empty,
        row.GetString("Level") ?? "none",
        row.GetString("State") ?? CrisisConversationStates.Waiting,
        row.GetDateTimeOffset("WaitingSince"),
        row.GetDateTimeOffset("LastInboundAt"),
        row.GetDateTimeOffset("LastActivityAt") ?? default,
        row.GetString("Area"),
        row.GetString("Preview"),
        row.GetInt64("Revision") ?? 0);
}
