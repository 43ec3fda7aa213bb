using ConsularHelpdesk.Replies;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions timer: sweeps stuck replies every period.</summary>
internal sealed class StuckReplySweepService(StuckReplySweeper sweeper, IOptions<StuckReplyOptions> options, TimeProvider time, ILogger<StuckReplySweepService> logger)
    : PeriodicJobService(options.Value.Period, time, logger)
{
    protected override string Job => "The stuck reply sweep";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
