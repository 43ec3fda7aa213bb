using ConsularHelpdesk.Privacy;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Privacy;

/// <summary>
/// Deletes what is past its retention period (see <see cref="RetentionSweep"/>). A failed run leaves what it did not
/// delete due for the next one; two runs at once delete nothing twice.
/// </summary>
public sealed class RetentionSweepFunction(RetentionSweep sweep)
{
    private readonly bool _enabled = sweep.TimerEnabled;

    /// <summary>Every hour, at minute 17 (away from the minute sweeps; the self-host reads <c>Retention:Period</c>).</summary>
    public const string Schedule = "0 17 * * * *";

    [Function("RetentionSweep")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (_enabled)
        {
            await sweep.SweepAsync(dryRun: false, cancellationToken);
        }
    }
}
