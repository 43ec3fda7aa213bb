using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Coverage;

/// <summary>Loads and validates the regional hubs when the host starts, so that a bad row stops the start with the row named.</summary>
internal sealed class RegionalHubsWarmup(RegionalHubs hubs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = hubs.All;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
