using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions queue trigger.</summary>
internal sealed class QueuePumpService(QueuePump pump) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => pump.RunAsync(stoppingToken);
}
