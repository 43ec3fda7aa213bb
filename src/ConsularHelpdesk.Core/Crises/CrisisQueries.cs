using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Crises;

/// <summary>A page of a crisis's list: the rows in the list's order, the agent's total, and where the next page starts (null: none).</summary>
internal sealed record CrisisConversationPage(int Total, IReadOnlyList<CrisisConversation> Conversations, string? Next);

/// <summary>
/// What the crisis screen polls, read from the crisis's counter and index rows (<see cref="CrisisKeys"/>), never from
/// its conversation rows: the dashboard is one range query of the counter rows and one row of the waiting index; a
/// page of the list one range query of the counter rows (which name the crisis's posts) and one short query per post
/// the agent may see. A crisis whose rows were written before the counters is counted once first
/// (<see cref="CrisisConversations.RecountAsync"/>).
/// </summary>
internal sealed class CrisisQueries(StorageClients storage, CrisisConversations conversations)
{
    /// <summary>The most conversations a page of the list holds.</summary>
    public const int PageSize = 50;

    private TableClient Table => storage.Table(storage.Names.Crises);

    public async Task<CrisisDashboard> DashboardAsync(string crisisId, CancellationToken cancellationToken)
    {
        var counters = ReadCountersAsync(crisisId, cancellationToken);
        var oldest = OldestWaitingAsync(crisisId, cancellationToken);
        if ((await counters).Counted)
        {
            return CrisisDashboard.Of(CrisisCounter.Sum((await counters).Counters), await oldest);
        }

        // Rows older than the counters: counted first, then both read again (the waiting index is new too).
        await oldest;
        return CrisisDashboard.Of(CrisisCounter.Sum(await CountersAsync(crisisId, cancellationToken)), await OldestWaitingAsync(crisisId, cancellationToken));
    }

    /// <summary>
    /// The conversations of the posts <paramref name="mayRead"/> accepts, in the list's order after
    /// <paramref name="after"/> (an order key: <see cref="CrisisKeys.Order"/>; null: from the start): each post's next
    /// <see cref="PageSize"/> + 1 index rows, merged.
    /// </summary>
    public async Task<CrisisConversationPage> PageAsync(string crisisId, Func<string, bool> mayRead, string? after, CancellationToken cancellationToken)
    {
        var posts = (await CountersAsync(crisisId, cancellationToken))
            .GroupBy(c => c.GetString("PostId") ?? string.Empty, StringComparer.Ordinal)
            .Select(g => (PostId: g.Key, Count: CrisisCounter.Sum(g).GetValueOrDefault(CrisisCounter.Conversations)))
            .Where(p => p.Count > 0 && mayRead(p.PostId))
            .ToList();
        var pages = await Task.WhenAll(posts.Select(p => PostPageAsync(crisisId, p.PostId, after, cancellationToken)));
        var merged = pages.SelectMany(p => p).OrderBy(r => r.Order, StringComparer.Ordinal).ToList();
        var shown = merged.Take(PageSize).ToList();
        return new CrisisConversationPage(posts.Sum(p => p.Count), [.. shown.Select(r => r.Row)], merged.Count > PageSize ? shown[^1].Order : null);
    }

    /// <summary>The counter rows (one range query; the crisis counted first when its rows are older than the counters).</summary>
    private async Task<IReadOnlyList<TableEntity>> CountersAsync(string crisisId, CancellationToken cancellationToken)
    {
        var (counters, counted) = await ReadCountersAsync(crisisId, cancellationToken);
        if (counted)
        {
            return counters;
        }

        await conversations.RecountAsync(crisisId, cancellationToken);
        return (await ReadCountersAsync(crisisId, cancellationToken)).Counters;
    }

    private async Task<(List<TableEntity> Counters, bool Counted)> ReadCountersAsync(string crisisId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {crisisId} and RowKey ge {CrisisKeys.CounterPrefix} and RowKey lt {"n."}");
        var counters = new List<TableEntity>();
        var counted = false;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == CrisisKeys.CountedMarker)
            {
                counted = true;
            }
            else
            {
                counters.Add(row);
            }
        }

        return (counters, counted);
    }

    /// <summary>The first row of the waiting index: one query of one row.</summary>
    private async Task<(DateTimeOffset Since, string ConversationId)?> OldestWaitingAsync(string crisisId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {crisisId} and RowKey ge {CrisisKeys.WaitingPrefix} and RowKey lt {"w."}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
        {
            return page.Values is [var row, ..] && row.GetDateTimeOffset("WaitingSince") is { } since && row.GetString("ConversationId") is { } id ? (since, id) : null;
        }

        return null;
    }

    private async Task<IReadOnlyList<(string Order, CrisisConversation Row)>> PostPageAsync(string crisisId, string postId, string? after, CancellationToken cancellationToken)
    {
        var (from, to) = CrisisKeys.OrderRange(postId);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {crisisId} and RowKey ge {from} and RowKey lt {to}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {crisisId} and RowKey gt {CrisisKeys.OrderRow(postId, after)} and RowKey lt {to}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: PageSize + 1, cancellationToken: cancellationToken).AsPages())
        {
            return [.. page.Values.Select(Row)];
        }

        return [];
    }

    private static (string Order, CrisisConversation Row) Row(TableEntity row) => (
        row.GetString("Order") ?? string.Empty,
        new CrisisConversation(
            row.GetString("ConversationId") ?? string.Empty,
            row.GetString("PostId") ?? string.Empty,
            row.GetString("Channel") ?? string.Empty,
            row.GetString("Level") ?? "none",
            row.GetString("State") ?? CrisisConversationStates.Waiting,
            row.GetDateTimeOffset("WaitingSince"),
            null,
            row.GetDateTimeOffset("LastActivityAt") ?? default,
            row.GetString("Area"),
            row.GetString("Preview"),
            0));
}
