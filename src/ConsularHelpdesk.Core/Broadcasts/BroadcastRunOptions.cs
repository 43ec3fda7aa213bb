using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>How a broadcast's runner works through its recipients (section <c>Broadcasts</c>, with the sending rules).</summary>
internal sealed class BroadcastRunOptions
{
    public const string Section = "Broadcasts";

    /// <summary>
    /// Recipients handed to the outbound queue per step. The next step is queued to start when the sender can have sent
    /// this page at the throttle's rate, so the outbound queue holds about one page of a broadcast at a time and agent
    /// replies wait behind at most that.
    /// </summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How long a step holds its broadcast: a second copy of the same job (a redelivery) waits this long before it takes
    /// over. Longer than a step takes; a step that stops cleanly gives it back at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows of the area index read per collecting step (from the step's cursor: each row is read once over the steps).</summary>
    [Range(100, 100_000)]
    public int CollectBatch { get; set; } = 5_000;
}
