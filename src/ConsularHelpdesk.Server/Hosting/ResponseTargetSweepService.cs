using ConsularHelpdesk.Targets;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions timer: keeps the response targets every period.</summary>
internal sealed class ResponseTargetSweepService(ResponseTargetSweeper sweeper, IOptions<ResponseTargetOptions> options, TimeProvider time, ILogger<ResponseTargetSweepService> logger)
    : PeriodicJobService(options.Value.Period, time, logger)
{
    protected override string Job => "The response target sweep";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
