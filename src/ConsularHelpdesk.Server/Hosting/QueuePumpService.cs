using ConsularHelpdesk.Ingest;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The self-host's stand-in for the Functions queue trigger.</summary>
internal sealed class QueuePumpService(QueuePump pump, IOptions<QueuePumpOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? pump.RunAsync(stoppingToken) : Task.CompletedTask;
}
