using System.Text.Json;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Media;

/// <summary>The <c>media</c> queue: one message per citizen message with files to download.</summary>
internal sealed class MediaQueue(StorageClients storage)
{
    public string QueueName => storage.Names.MediaQueue;

    public Task EnqueueAsync(MediaJob job, CancellationToken cancellationToken) => EnqueueAsync(job, TimeSpan.Zero, cancellationToken);

    /// <summary>Queues the job, visible after <paramref name="delay"/> (a retry's backoff).</summary>
    public async Task EnqueueAsync(MediaJob job, TimeSpan delay, CancellationToken cancellationToken) =>
        await storage.Queue(QueueName).SendMessageAsync(
            JsonSerializer.Serialize(job, MediaJsonContext.Default.MediaJob),
            visibilityTimeout: delay > TimeSpan.Zero ? delay : null,
            cancellationToken: cancellationToken);

    /// <summary>The job a queue message holds; throws <see cref="InvalidDataException"/> when it holds none (kept in the poison queue).</summary>
    public static MediaJob Read(string message)
    {
        try
        {
            return JsonSerializer.Deserialize(message, MediaJsonContext.Default.MediaJob) is { ConversationId.Length: > 0, RowKey.Length: > 0 } job
                ? job
                : throw new InvalidDataException("The queue message is no media job.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The queue message is no media job.", e);
        }
    }
}
