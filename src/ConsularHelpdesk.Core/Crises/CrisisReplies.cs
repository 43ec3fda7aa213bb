using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The record that a citizen got a crisis's message: <c>Crises</c> table, PartitionKey = the crisis id, RowKey =
/// <c>r-{contact key}</c>, holding the conversation it went to. Added before the reply is written, so that a citizen
/// gets it once per crisis whatever conversations they open; a redelivery in the same conversation finds its own record
/// and goes on (the reply's id makes the send itself once).
/// </summary>
internal sealed class CrisisReplies(StorageClients storage, TimeProvider time)
{
    internal const string RowPrefix = "r-";

    private TableClient Table => storage.Table(storage.Names.Crises);

    /// <summary>True when the crisis's message is to go to this conversation: the contact's first, or a redelivery of it.</summary>
    public async Task<bool> ClaimAsync(string crisisId, string contactKey, string conversationId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(crisisId, RowPrefix + contactKey) { ["ConversationId"] = conversationId, ["At"] = time.GetUtcNow() }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var row = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, RowPrefix + contactKey, select: ["ConversationId"], cancellationToken: cancellationToken);
            return row.HasValue && row.Value!.GetString("ConversationId") == conversationId;
        }
    }

    /// <summary>Removes the citizen's record of the crisis's message when it names <paramref name="conversationId"/> (a purge of that conversation); false when there is none.</summary>
    public async Task<bool> ForgetAsync(string crisisId, string contactKey, string conversationId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(crisisId, RowPrefix + contactKey, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value!.GetString("ConversationId") != conversationId)
        {
            return false;
        }

        try
        {
            await Table.DeleteEntityAsync(crisisId, RowPrefix + contactKey, found.Value.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false; // gone meanwhile, or taken by another conversation since
        }
    }
}
