using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// One conversation of a citizen: <c>Contacts</c>, PartitionKey = the contact key (the contact row's own partition),
/// RowKey = <c>conv-{conversation id}</c> (<see cref="ContactConversations"/>). Written with the contact when the
/// conversation opens, removed when the conversation is purged; what erasure and retention read to find a citizen's
/// conversations without reading any other table.
/// </summary>
internal sealed class ContactConversationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The post the conversation opened at (a transfer does not rewrite it: the header says where it is now).</summary>
    public string PostId { get; set; } = string.Empty;

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>WhatsApp or Messenger.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>The conversation id the row key names.</summary>
    public string ConversationId => ContactConversations.ConversationIdOf(RowKey);
}
