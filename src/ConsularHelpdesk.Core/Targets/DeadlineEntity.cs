using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// Deadlines: one row per conversation waiting for a person's answer; PartitionKey = "due", RowKey = when the sweep
/// looks at it next (ticks, D19) + "-" + conversation id. The header holds the key (<c>DeadlineKey</c>).
/// </summary>
internal sealed class DeadlineEntity : ITableEntity
{
    /// <summary>One partition: a due-time range is one query, and moving a row to a later time is one transaction.</summary>
    public const string DuePartition = "due";

    public string PartitionKey { get; set; } = DuePartition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ConversationId { get; set; } = string.Empty;

    /// <summary>
    /// On a row the sweep put off after its step failed: the key the header points at, which this row stands for (so
    /// the header need not be written to put a failing conversation off). Null on a row the header points at itself.
    /// </summary>
    public string? RetryOf { get; set; }

    /// <summary>How many sweeps in a row failed on this conversation (0 on a row the sweep has not put off).</summary>
    public int Failures { get; set; }

    /// <summary>The key the header must hold for this row to be current.</summary>
    public string StandsFor => RetryOf ?? RowKey;
}
