using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Replies;

/// <summary>PendingSends: one row per send not finished yet; PartitionKey = "due", RowKey = due time (ticks) and a random id.</summary>
internal sealed class PendingSendEntity : ITableEntity
{
    /// <summary>One partition: a due-time range is one query, and moving a row to a later time is one transaction.</summary>
    public const string DuePartition = "due";

    public string PartitionKey { get; set; } = DuePartition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The queue message as JSON (recipient and text, stored as the thread stores them), to queue it again as it was.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>How many times the sweep queued it again.</summary>
    public int Attempts { get; set; }
}
