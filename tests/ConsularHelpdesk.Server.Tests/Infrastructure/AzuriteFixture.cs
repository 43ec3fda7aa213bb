using ConsularHelpdesk.Server.Hosting;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>One in-memory Azurite on free loopback ports for the collection; tests isolate themselves by name prefix.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    internal Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
