using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// The <c>Inbox</c> as the code before commit 898f274 wrote it (<c>ThreadStore.ToInbox</c> and <c>UpdateInboxAsync</c> at
/// <c>898f274^</c>): one row per conversation, PartitionKey = post id, RowKey = conversation id, open and closed alike,
/// without the later <c>ConversationId</c>, <c>PostId</c> and <c>ClosedAt</c>; and headers without <c>ClosedAt</c>, which that code did not have.
/// </summary>
internal static class OldLayoutInbox
{
    /// <summary>The header fields the old row copied (its <c>ContactName</c> came from the contact).</summary>
    private static readonly string[] CopiedFromHeader =
    [
        "Channel", "State", "LastActivityAt", "UnreadCount", "Preview", "Language", "RoutingStep", "RoutingReason", "RoutingWhy",
        "LastInboundAt", "LastOutboundAt", "AssignedTo", "AssignedToName", "Tags", "Urgent", "Revision",
    ];

    /// <summary>
    /// Turns a conversation the app wrote (processing finished) into what the old code left: its rows of the current
    /// layout gone, its header without <c>ClosedAt</c>, and its old-layout row. Returns the old row's keys.
    /// </summary>
    public static async Task<(string PartitionKey, string RowKey)> ConvertAsync(HelpdeskInstance helpdesk, string conversationId, bool keepNewRow = false)
    {
        var conversations = helpdesk.Table(n => n.Conversations);
        var header = (await conversations.GetEntityAsync<TableEntity>(conversationId, "thread")).Value;
        var contact = await helpdesk.Table(n => n.Contacts).GetEntityIfExistsAsync<TableEntity>(header.GetString("ContactKey"), string.Empty);
        var inbox = helpdesk.Table(n => n.Inbox);
        if (!keepNewRow)
        {
            await foreach (var row in inbox.QueryAsync<TableEntity>(r => r.GetString("ConversationId") == conversationId))
            {
                await inbox.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All);
            }

            if (header.Remove("ClosedAt"))
            {
                await conversations.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace);
            }
        }

        var old = new TableEntity(header.GetString("PostId"), conversationId);
        foreach (var name in CopiedFromHeader.Where(header.ContainsKey))
        {
            old[name] = header[name];
        }

        if (contact.HasValue && contact.Value!.GetString("ProfileName") is { } profileName)
        {
            old["ContactName"] = profileName;
        }

        await inbox.UpsertEntityAsync(old, TableUpdateMode.Replace);
        return (old.PartitionKey, old.RowKey);
    }

    /// <summary>An old-layout row of a conversation whose header is gone (deleted, or never written).</summary>
    public static async Task<(string PartitionKey, string RowKey)> OrphanAsync(HelpdeskInstance helpdesk, string postId, string conversationId)
    {
        var old = new TableEntity(postId, conversationId)
        {
            ["Channel"] = "Messenger",
            ["State"] = "open",
            ["LastActivityAt"] = DateTimeOffset.UtcNow.AddDays(-400),
            ["UnreadCount"] = 1,
            ["Revision"] = 2L,
        };
        await helpdesk.Table(n => n.Inbox).AddEntityAsync(old);
        return (old.PartitionKey, old.RowKey);
    }

    /// <summary>Every Inbox row with its ETag: what a run that changes nothing leaves exactly as it was.</summary>
    public static async Task<List<string>> SnapshotAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add($"{row.PartitionKey}|{row.RowKey}|{row.ETag}");
        }

        return rows;
    }
}
