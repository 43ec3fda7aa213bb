using ConsularHelpdesk.Routing;
using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// Creates tables, queues and containers and seeds the reference data at start, before the app serves
/// (both hosts; idempotent, so every instance may run it).
/// </summary>
internal sealed class StorageInitializer(StorageClients storage, ReferenceData referenceData) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await referenceData.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
