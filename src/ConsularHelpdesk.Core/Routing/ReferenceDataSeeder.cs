using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Routing;

/// <summary>Writes the post catalogue to storage when the host starts, after the storage initializer made the tables.</summary>
internal sealed class ReferenceDataSeeder(ReferenceData referenceData) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => referenceData.SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
