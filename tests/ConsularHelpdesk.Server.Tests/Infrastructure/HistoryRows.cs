using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>Closed conversations' history rows as docs/storage.md documents them, written straight into the Inbox table.</summary>
internal static class HistoryRows
{
    /// <summary>A closed Messenger conversation's row in the post's history.</summary>
    public static InboxEntity Closed(string post, string id, DateTimeOffset closedAt, string? language = null) => new()
    {
        PartitionKey = InboxKeys.HistoryPartition(post),
        RowKey = InboxKeys.HistoryRowKey(closedAt, id),
        ConversationId = id,
        PostId = post,
        ClosedAt = closedAt,
        Channel = nameof(ChannelKind.Messenger),
        State = ThreadStates.Closed,
        LastActivityAt = closedAt,
        Language = language,
        Revision = 3,
    };

    /// <summary>Adds the rows, a transaction per 100 (rows of one history partition).</summary>
    public static async Task AddAsync(TableClient inbox, IEnumerable<InboxEntity> rows)
    {
        foreach (var chunk in rows.Chunk(100))
        {
            await inbox.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }
    }
}
