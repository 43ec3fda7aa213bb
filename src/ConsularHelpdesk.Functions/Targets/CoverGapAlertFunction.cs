using ConsularHelpdesk.Targets;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Targets;

/// <summary>
/// The daily alert to supervisors about the next 24 hours' gaps in the roster (see <see cref="CoverGapAlerts"/>). A
/// failed run is not retried until the next day; a run twice (or two at once) tells no one twice.
/// </summary>
public sealed class CoverGapAlertFunction(CoverGapAlerts alerts)
{
    /// <summary>Daily at 05:00 UTC: before the working day in Europe and Africa, after it in Asia (the self-host reads <c>CoverGapAlerts:Period</c>).</summary>
    public const string Schedule = "0 0 5 * * *";

    [Function("CoverGapAlert")]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        await alerts.SendAsync(cancellationToken);
}
