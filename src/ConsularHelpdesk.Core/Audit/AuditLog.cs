using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Audit;

/// <summary>
/// Who did what, when: Audit table, PartitionKey = post id and month, RowKey = inverted time (newest first).
/// Details never hold message text or citizen identifiers, only ids of our own records.
/// </summary>
internal sealed class AuditLog(StorageClients storage, TimeProvider time)
{
    public async Task RecordAsync(string postId, string actor, string action, string conversationId, string? details, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entity = new TableEntity($"{postId}-{now:yyyy-MM}", $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Guid.NewGuid():N}")
        {
            ["At"] = now,
            ["Actor"] = actor,
            ["Action"] = action,
            ["ConversationId"] = conversationId,
            ["Details"] = details,
        };
        await storage.Table(storage.Names.Audit).AddEntityAsync(entity, cancellationToken);
    }
}
