using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>The phase a broadcast's runner is in.</summary>
internal static class BroadcastPhases
{
    /// <summary>Writing a recipient row per citizen of the area and period (from the area activity index).</summary>
    public const string Collecting = "collecting";

    /// <summary>Handing the recipients' messages to the outbound queue, a page at a time.</summary>
    public const string Sending = "sending";

    /// <summary>Every recipient handed on (statuses still arrive).</summary>
    public const string Done = "done";

    /// <summary>
    /// Cancelled: nothing more is handed on, queued messages are withdrawn by the sender, and the runner counts the
    /// recipients still queued as cancelled (<see cref="BroadcastEntity.WithdrawnAt"/> when it is through).
    /// </summary>
    public const string Cancelled = "cancelled";
}

/// <summary>A broadcast's header (RowKey <c>header</c> in its own partition).</summary>
internal sealed class BroadcastEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = BroadcastKeys.Header;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string CrisisId { get; set; } = string.Empty;

    /// <summary>The crisis's areas when the broadcast was made (ISO 3166 codes, comma-separated).</summary>
    public string Areas { get; set; } = string.Empty;

    /// <summary>The texts per language, JSON <c>{"nl":…,"fr":…,"de":…,"en":…}</c>.</summary>
    public string Texts { get; set; } = string.Empty;

    public int Days { get; set; }

    /// <summary>The period's start and end: citizens who wrote from the areas between them.</summary>
    public DateTimeOffset From { get; set; }

    public DateTimeOffset To { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string CreatedByName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string Phase { get; set; } = BroadcastPhases.Collecting;

    /// <summary>The run number of the live job: a job of another number is a stale copy and does nothing.</summary>
    public int Run { get; set; }

    /// <summary>Until when a job of this run is working (another copy of it waits).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Collecting: the last contact key written; sending: the last recipient row handed on; cancelled: the last recipient row counted cancelled.</summary>
    public string? Cursor { get; set; }

    /// <summary>How many recipients were collected.</summary>
    public int Recipients { get; set; }

    public string? CancelledBy { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>When the runner had counted every recipient still queued at the cancel as cancelled (the counts add up to <see cref="Recipients"/>).</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>One recipient (RowKey <c>r-{contact key}</c>): what the area index knew, and its state.</summary>
internal sealed class BroadcastRecipientEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Channel { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string? Account { get; set; }

    public DateTimeOffset LastInboundAt { get; set; }

    public string State { get; set; } = nameof(RecipientState.Queued);

    public DateTimeOffset? StateAt { get; set; }

    /// <summary>Why it is not reachable (a few words, nothing personal).</summary>
    public string? Reason { get; set; }
}

/// <summary>
/// One of the broadcast's counter rows (RowKey <c>count-{nn}</c>): changes of a recipient's state are counted in the
/// same transaction as the change, on the row its key hashes to, so the counts are exact and updates seldom collide.
/// A shard may hold negative numbers (a recipient counted as queued on one row, moved on another); their sums do not.
/// </summary>
internal sealed class BroadcastCounterEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Queued { get; set; }

    public int Sent { get; set; }

    public int Delivered { get; set; }

    public int Read { get; set; }

    public int Failed { get; set; }

    public int NotReachable { get; set; }

    public int Cancelled { get; set; }

    public void Add(RecipientState state, int delta)
    {
        switch (state)
        {
            case RecipientState.Queued: Queued += delta; break;
            case RecipientState.Sent: Sent += delta; break;
            case RecipientState.Delivered: Delivered += delta; break;
            case RecipientState.Read: Read += delta; break;
            case RecipientState.Failed: Failed += delta; break;
            case RecipientState.NotReachable: NotReachable += delta; break;
            case RecipientState.Cancelled: Cancelled += delta; break;
        }
    }
}

/// <summary>A pointer from a crisis to one of its broadcasts (PartitionKey <c>crisis-{id}</c>, newest first).</summary>
internal sealed class BroadcastPointerEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string BroadcastId { get; set; } = string.Empty;
}
