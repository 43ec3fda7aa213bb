using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// Reads the open crises once the tables exist (registered after the storage initializer), so that the first message
/// after a start is tagged without waiting for a read. Storage that does not answer yet does not stop the start.
/// </summary>
internal sealed partial class OpenCrisesWarmup(OpenCrises crises, ILogger<OpenCrisesWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await crises.RefreshAsync(cancellationToken, force: true);
        }
        catch (Exception e) when (StorageFailure.IsOutage(e) || e is Azure.RequestFailedException)
        {
            LogNotRead(e.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The open crises could not be read at start ({Error}); they are read when first needed")]
    private partial void LogNotRead(string error);
}
