namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// The self-host's stand-in for a Functions timer trigger: runs one core job every period. A failed run is logged by
/// its exception type only and the next period runs again, as a failed timer run would; the jobs are built so that
/// what a run left undone stays due for the next one.
/// </summary>
internal abstract partial class PeriodicJobService(TimeSpan period, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>What the job is, for the log ("The stuck reply sweep").</summary>
    protected abstract string Job { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: whatever the cut-short run threw (a timeout wrapped by the SDK's retries), its work stays due.
                return;
            }
            catch (Exception e)
            {
                // An outage: what the run did not do stays due, and the next period runs again.
                LogFailed(logger, Job, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed ({Error}); the next period retries")]
    private static partial void LogFailed(ILogger logger, string job, string error);
}
