using ConsularHelpdesk.Targets;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Targets;

/// <summary>
/// Keeps the response targets (see <see cref="ResponseTargetSweeper"/>): flags, notifies, escalates, reassigns. A
/// failed run leaves the rows due for the next one; the sweep is safe even if two runs overlap.
/// </summary>
public sealed class ResponseTargetSweepFunction(ResponseTargetSweeper sweeper)
{
    /// <summary>Every minute, at second 30 (the stuck reply sweep runs at second 0; the self-host reads <c>ResponseTargets:Period</c>).</summary>
    public const string Schedule = "30 * * * * *";

    [Function("ResponseTargetSweep")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        await sweeper.SweepAsync(cancellationToken);
}
