using ConsularHelpdesk.Targets;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions timer: tells supervisors of the next day's roster gaps every period.</summary>
internal sealed partial class CoverGapAlertService(CoverGapAlerts alerts, IOptions<CoverGapAlertOptions> options, TimeProvider time, ILogger<CoverGapAlertService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await alerts.SendAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a gap not yet told is told by the next run (its id is the same).
                return;
            }
            catch (Exception e)
            {
                // An outage: the next period checks again, and what this run told is not told twice.
                LogFailed(e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cover gap alert failed ({Error}); the next period retries")]
    private partial void LogFailed(string error);
}
