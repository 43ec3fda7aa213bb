using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Notifications;

/// <summary>
/// Notifications: PartitionKey = agent id. Rows <c>n-</c> + inverted ticks + id (newest first: the page reads the top),
/// <c>id-</c> + id (the dedupe: added with the alert in one transaction), and <see cref="AlertKeys.ReadMarkRowKey"/>.
/// </summary>
internal sealed class AlertEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string PostId { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public int Level { get; set; }

    public string RecipientRole { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    public bool Read { get; set; }

    /// <summary>On the read mark only: every alert at or before this is read ("read all").</summary>
    public DateTimeOffset? ReadUpTo { get; set; }
}
