using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// Creates tables, queues and containers at start, before the app serves (both hosts; idempotent, so every instance
/// may run it). The reference data is seeded by Routing's own <c>ReferenceDataSeeder</c>, registered after this.
/// </summary>
internal sealed class StorageInitializer(StorageClients storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
