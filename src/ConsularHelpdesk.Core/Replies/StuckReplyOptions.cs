using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Replies;

/// <summary>The sweep that re-queues replies left unqueued by a crash (both hosts read the same section).</summary>
internal sealed class StuckReplyOptions
{
    public const string Section = "StuckReplies";

    /// <summary>
    /// How long a queued send may wait for its sender before the sweep queues it again: well above the time the queue
    /// normally takes to start it, so that the sweep rarely duplicates a queue message (a duplicate is still sent once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the self-host sweeps. The Functions app sweeps every minute (its timer's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most index rows one sweep reads; the rest wait for the next sweep.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
