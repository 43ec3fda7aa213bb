using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>Creates tables, queues and containers and seeds the reference data, before the pump and the endpoints serve.</summary>
internal sealed class StorageInitializer(StorageClients storage, ReferenceData referenceData) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await referenceData.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
