using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Reads the stored closure days once the tables exist (registered after the storage initializer), so that the first
/// message after a start does not pay for that read. Storage that does not answer yet does not stop the start: the
/// first question about a post's hours reads them then.
/// </summary>
internal sealed partial class StoredClosuresWarmup(StoredClosures closures, ILogger<StoredClosuresWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await closures.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (StorageFailure.IsOutage(e) || e is Azure.RequestFailedException)
        {
            LogNotRead(e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored closure days could not be read at start ({Error}); they are read when first needed")]
    private partial void LogNotRead(string error);
}
