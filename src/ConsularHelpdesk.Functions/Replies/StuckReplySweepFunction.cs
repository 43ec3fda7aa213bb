using ConsularHelpdesk.Replies;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Replies;

/// <summary>
/// Queues again the replies a crash left unqueued (see <see cref="StuckReplySweeper"/>). A failed run leaves the rows
/// due for the next one. Timer functions run on one instance at a time, so sweeps do not overlap.
/// </summary>
public sealed class StuckReplySweepFunction(StuckReplySweeper sweeper)
{
    /// <summary>Every minute, at second 0 (the self-host reads <c>StuckReplies:Period</c> instead).</summary>
    public const string Schedule = "0 * * * * *";

    [Function("StuckReplySweep")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        await sweeper.SweepAsync(cancellationToken);
}
