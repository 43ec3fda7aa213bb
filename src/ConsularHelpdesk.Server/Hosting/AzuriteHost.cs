using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Starts Azurite with the help desk when no storage is configured (or UseDevelopmentStorage=true) and nothing
/// listens on its ports yet; data under .azurite/ in the repository; stopped with the app.
/// </summary>
internal sealed partial class AzuriteHost(IOptions<StorageOptions> options, ILogger<AzuriteHost> logger) : IHostedService, IAsyncDisposable
{
    private Azurite? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsDevelopmentStorage)
        {
            return;
        }

        if (Azurite.DefaultPortsInUse())
        {
            LogAlreadyRunning();
            return;
        }

        var location = Path.Combine(RepositoryRoot.Find(), ".azurite");
        _azurite = await Azurite.StartDefaultAsync(location, cancellationToken);
        LogStarted(location);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite already listens on ports 10000-10002; using it")]
    private partial void LogAlreadyRunning();

    [LoggerMessage(Level = LogLevel.Information, Message = "Started Azurite on ports 10000-10002, data in {Location}")]
    private partial void LogStarted(string location);
}
