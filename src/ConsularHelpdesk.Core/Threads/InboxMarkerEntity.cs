using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// A post's change marker in the <c>Inbox</c> table (<see cref="InboxKeys.MarkerPartition"/>): upserted after every
/// change of the post's rows, so that the list's ETag derives from it alone and a poll with nothing new is one point read.
/// </summary>
internal sealed class InboxMarkerEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = InboxKeys.MarkerRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>New on every bump: the emulator's ETags have millisecond precision, two bumps in one millisecond must still differ.</summary>
    public string Stamp { get; set; } = string.Empty;
}
