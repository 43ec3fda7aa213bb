using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Privacy;

/// <summary>What a scrub of the queues did.</summary>
internal sealed record QueueScrub(int Deleted, int Rewritten, int Blobs);

/// <summary>
/// Takes a citizen out of the queues that carry citizens' data (inbound, outbound, media) and their poison queues: receives each queue's messages in batches of 32 (hidden
/// for <see cref="HiddenFor"/> while it looks), deletes those that are the citizen's (and the claim-check blob of an
/// inbound one), rewrites an inbound body that holds other citizens' items too without the citizen's, and makes every
/// other message visible again once the queue is done. Bounded: at most <see cref="MaxMessagesPerQueue"/> messages a
/// queue per run (queues are transient; a backlog beyond that is an outage to clear first). A message looked at
/// counts one more dequeue.
/// </summary>
internal sealed class QueueScrubber(StorageClients storage, IEnumerable<IChannelParser> parsers)
{
    public const int MaxMessagesPerQueue = 5000;

    public static readonly TimeSpan HiddenFor = TimeSpan.FromMinutes(5);

    private readonly Dictionary<ChannelKind, IChannelParser> _parsers = parsers.ToDictionary(p => p.Channel);

    public async Task<QueueScrub> ScrubAsync(CitizenIds citizen, CancellationToken cancellationToken)
    {
        var names = storage.Names;
        var (deleted, rewritten, blobs) = (0, 0, 0);
        // The broadcast and crisis-tagging queues hold steps of a broadcast or a crisis (its id and a cursor, at most a
        // contact key, which points at nothing once the rows are gone): deleting one would stop the step for everyone.
        foreach (var queue in new[] { names.InboundQueue, names.OutboundQueue, names.MediaQueue })
        {
            foreach (var name in new[] { queue, StorageNames.PoisonQueue(queue) })
            {
                var inbound = queue == names.InboundQueue;
                var client = storage.Queue(name);
                var putBack = new List<(string Id, string Receipt)>();
                try
                {
                    for (var seen = 0; seen < MaxMessagesPerQueue;)
                    {
                        QueueMessage[] batch = (await client.ReceiveMessagesAsync(32, HiddenFor, cancellationToken)).Value;
                        if (batch.Length == 0)
                        {
                            break;
                        }

                        foreach (var message in batch)
                        {
                            seen++;
                            var outcome = inbound ? await InboundAsync(client, message, citizen, cancellationToken) : Other(message, citizen);
                            switch (outcome)
                            {
                                case Outcome.Delete or Outcome.DeleteWithBlob:
                                    await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                                    deleted++;
                                    blobs += outcome == Outcome.DeleteWithBlob ? 1 : 0;
                                    break;
                                case Outcome.Rewritten:
                                    rewritten++;
                                    break;
                                default:
                                    putBack.Add((message.MessageId, message.PopReceipt));
                                    break;
                            }
                        }
                    }
                }
                finally
                {
                    foreach (var (id, receipt) in putBack)
                    {
                        await client.UpdateMessageAsync(id, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
                    }
                }
            }
        }

        return new QueueScrub(deleted, rewritten, blobs);
    }

    private enum Outcome
    {
        Keep,
        Delete,
        DeleteWithBlob,
        Rewritten,
    }

    /// <summary>An outbound or media message: one citizen's, deleted whole when it names them.</summary>
    private static Outcome Other(QueueMessage message, CitizenIds citizen) =>
        citizen.Own(message.Body.ToString()) ? Outcome.Delete : Outcome.Keep;

    private async Task<Outcome> InboundAsync(QueueClient client, QueueMessage message, CitizenIds citizen, CancellationToken cancellationToken)
    {
        InboundEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(message.Body.ToString(), IngestJsonContext.Default.InboundEnvelope);
        }
        catch (JsonException)
        {
            return Other(message, citizen);
        }

        if (envelope is null || !_parsers.TryGetValue(envelope.Channel, out var parser))
        {
            return Other(message, citizen);
        }

        var blob = envelope.BlobName is { } blobName ? storage.Blobs.GetBlobContainerClient(storage.Names.PayloadContainer).GetBlobClient(blobName) : null;
        byte[] body;
        try
        {
            body = blob is not null ? (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray() : Convert.FromBase64String(envelope.Body ?? string.Empty);
        }
        catch (Exception e) when (e is FormatException || (e is RequestFailedException { Status: 404 }))
        {
            return Other(message, citizen);
        }

        var (verdict, rest) = InboundBodyFilter.Filter(parser, body, citizen.UserIds);
        switch (verdict)
        {
            case BodyVerdict.Theirs:
                if (blob is not null)
                {
                    await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
                    return Outcome.DeleteWithBlob;
                }

                return Outcome.Delete;
            case BodyVerdict.Mixed when blob is not null:
                await blob.UploadAsync(BinaryData.FromBytes(rest!), overwrite: true, cancellationToken);
                await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                return Outcome.Rewritten;
            case BodyVerdict.Mixed:
                var text = JsonSerializer.Serialize(envelope with { Body = Convert.ToBase64String(rest!) }, IngestJsonContext.Default.InboundEnvelope);
                await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, BinaryData.FromString(text), TimeSpan.Zero, cancellationToken);
                return Outcome.Rewritten;
            default:
                return Other(message, citizen);
        }
    }
}
