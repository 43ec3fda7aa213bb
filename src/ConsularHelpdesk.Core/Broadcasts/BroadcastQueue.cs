using System.Text.Json;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>Puts a step of a broadcast's runner on the <c>broadcasts</c> queue, visible after <c>delay</c> (the pacing).</summary>
internal sealed class BroadcastQueue(StorageClients storage)
{
    public string QueueName => storage.Names.BroadcastQueue;

    public async Task EnqueueAsync(BroadcastJob job, TimeSpan delay, CancellationToken cancellationToken) =>
        await storage.Queue(QueueName).SendMessageAsync(
            JsonSerializer.Serialize(job, BroadcastJsonContext.Default.BroadcastJob),
            visibilityTimeout: delay > TimeSpan.Zero ? delay : null,
            cancellationToken: cancellationToken);
}
