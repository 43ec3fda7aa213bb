using ConsularHelpdesk.Targets;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions timer: keeps the response targets every period.</summary>
internal sealed partial class ResponseTargetSweepService(ResponseTargetSweeper sweeper, IOptions<ResponseTargetOptions> options, TimeProvider time, ILogger<ResponseTargetSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: whatever the cut-short sweep threw, the rows stay due.
                return;
            }
            catch (Exception e)
            {
                // An outage: the rows stay due, and the next period sweeps them (as a failed timer run would).
                LogFailed(e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The response target sweep failed ({Error}); the next one retries")]
    private partial void LogFailed(string error);
}
