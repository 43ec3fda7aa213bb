using System.Text.Json;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Replies;

/// <summary>Puts messages for citizens on the outbound queue, after their row is in the thread.</summary>
internal sealed class OutboundQueue(StorageClients storage)
{
    public string QueueName => storage.Names.OutboundQueue;

    public async Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        await storage.Queue(QueueName).SendMessageAsync(JsonSerializer.Serialize(message, OutboundJsonContext.Default.OutboundMessage), cancellationToken);
}
