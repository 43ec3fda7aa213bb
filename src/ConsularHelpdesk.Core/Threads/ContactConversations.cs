using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// A citizen's conversations (<see cref="ContactConversationEntity"/>): rows <c>conv-{conversation id}</c> in the contact's
/// own partition of <c>Contacts</c>, beside the contact row (RowKey <c>""</c>). Read by one partition query bounded to
/// that RowKey range, so the contact row never comes with them, and nothing else reads the partition as a whole.
/// </summary>
internal sealed class ContactConversations(StorageClients storage)
{
    /// <summary>The RowKey prefix of a conversation's row.</summary>
    public const string RowKeyPrefix = "conv-";

    /// <summary>The first RowKey after every <see cref="RowKeyPrefix"/> key (<c>-</c> + 1 = <c>.</c>).</summary>
    private const string RowKeyEnd = "conv.";

    private TableClient Contacts => storage.Table(storage.Names.Contacts);

    public static string RowKeyOf(string conversationId) => RowKeyPrefix + conversationId;

    public static string ConversationIdOf(string rowKey) =>
        rowKey.StartsWith(RowKeyPrefix, StringComparison.Ordinal) ? rowKey[RowKeyPrefix.Length..] : string.Empty;

    /// <summary>The row of a conversation that opens now (written with the contact, in one transaction: <see cref="ContactBook.SaveAsync"/>).</summary>
    public static ContactConversationEntity Row(string contactKey, string conversationId, string postId, string channel, DateTimeOffset openedAt) => new()
    {
        PartitionKey = contactKey,
        RowKey = RowKeyOf(conversationId),
        PostId = postId,
        Channel = channel,
        OpenedAt = openedAt,
    };

    /// <summary>The filter of a contact's conversation rows: its partition, the <c>conv-</c> range only.</summary>
    public static string Filter(string contactKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {contactKey} and RowKey ge {RowKeyPrefix} and RowKey lt {RowKeyEnd}");

    /// <summary>Every conversation of the contact, oldest id first (one query; a page per 1,000 conversations).</summary>
    public async Task<List<ContactConversationEntity>> OfAsync(string contactKey, CancellationToken cancellationToken)
    {
        var rows = new List<ContactConversationEntity>();
        await foreach (var row in Contacts.QueryAsync<ContactConversationEntity>(Filter(contactKey), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Whether the conversation has its row (one point read).</summary>
    public async Task<bool> ExistsAsync(string contactKey, string conversationId, CancellationToken cancellationToken) =>
        await Contacts.GetAsync<ContactConversationEntity>(contactKey, RowKeyOf(conversationId), cancellationToken) is not null;

    /// <summary>Writes a conversation's row (an upsert: the migration and a redelivery write the same).</summary>
    public async Task UpsertAsync(ContactConversationEntity row, CancellationToken cancellationToken) =>
        await Contacts.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Adds a conversation's row; false when it is there already (the migration's second run writes nothing).</summary>
    public async Task<bool> TryAddAsync(ContactConversationEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await Contacts.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Removes a conversation's row; false when it was not there.</summary>
    public async Task<bool> RemoveAsync(string contactKey, string conversationId, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK answers a missing row with its 404 response rather than an exception.
            var response = await Contacts.DeleteEntityAsync(contactKey, RowKeyOf(conversationId), ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }
}
