using ConsularHelpdesk.Privacy;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions timer: deletes what is past its retention period every period.</summary>
internal sealed class RetentionSweepService(RetentionSweep sweep, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweepService> logger)
    : PeriodicJobService(options.Value.Period, time, logger)
{
    protected override string Job => "The retention sweep";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) =>
        options.Value.Enabled ? sweep.SweepAsync(dryRun: false, cancellationToken) : Task.CompletedTask;
}
