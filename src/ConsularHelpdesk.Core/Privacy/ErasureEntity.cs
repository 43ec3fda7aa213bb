using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Privacy;

/// <summary>
/// One erasure (<c>Erasures</c>, PartitionKey <c>erasure</c>, RowKey the request id): who asked and who confirmed,
/// until when it may be confirmed, how far its run got. The citizen appears only as their contact key (an HMAC), and
/// only until the run is done.
/// </summary>
internal sealed class ErasureEntity : ITableEntity
{
    public const string Partition = "erasure";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The citizen's contact key while the erasure is pending or running; empty once done.</summary>
    public string ContactKey { get; set; } = string.Empty;

    /// <summary>The conversations held when it was requested (the typed confirmation names their number).</summary>
    public int Conversations { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Not confirmed by then: it lapses and must be requested again.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public string? ConfirmedBy { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>requested, running, done or lapsed (<see cref="ErasurePhases"/>).</summary>
    public string Phase { get; set; } = ErasurePhases.Requested;

    /// <summary>The last step of the run that finished (<see cref="ErasureSteps"/>): a run after a crash starts after it.</summary>
    public string? Step { get; set; }

    /// <summary>What went so far, JSON <c>{"kind": count}</c> (no ids, no data).</summary>
    public string? Counts { get; set; }

    /// <summary>
    /// The conversations still to purge, comma-separated (our ids), noted before the first purge: a purge stopped
    /// after it removed a conversation's <c>conv-</c> row is still found by the next run.
    /// </summary>
    public string? ToPurge { get; set; }

    public DateTimeOffset? DoneAt { get; set; }
}

internal static class ErasurePhases
{
    public const string Requested = "requested";
    public const string Running = "running";
    public const string Done = "done";

    /// <summary>Not confirmed in time: it no longer names the citizen, and nothing was erased.</summary>
    public const string Lapsed = "lapsed";
}

/// <summary>The steps of a run, in order: what needs the contact's ids first, the contact itself last.</summary>
internal static class ErasureSteps
{
    public const string Queues = "queues";
    public const string CrisisRows = "crisisRows";
    public const string Conversations = "conversations";
    public const string Contact = "contact";

    public static readonly string[] InOrder = [Queues, CrisisRows, Conversations, Contact];
}
