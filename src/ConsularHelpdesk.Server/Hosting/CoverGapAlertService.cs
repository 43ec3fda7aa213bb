using ConsularHelpdesk.Targets;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// The self-host's stand-in for the Functions timer: tells supervisors of the next day's roster gaps every period (a
/// gap already told is not told again: its id is the same).
/// </summary>
internal sealed class CoverGapAlertService(CoverGapAlerts alerts, IOptions<CoverGapAlertOptions> options, TimeProvider time, ILogger<CoverGapAlertService> logger)
    : PeriodicJobService(options.Value.Period, time, logger)
{
    protected override string Job => "The cover gap alert";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => alerts.SendAsync(cancellationToken);
}
