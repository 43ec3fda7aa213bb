using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Ingest;

/// <summary>The inbound queue: webhook bodies go in whole, large ones through a claim-check blob.</summary>
internal sealed class InboundQueue(StorageClients storage, IOptions<StorageOptions> options, TimeProvider time)
{
    private readonly int _threshold = options.Value.ClaimCheckThresholdBytes;

    public string QueueName => storage.Names.InboundQueue;

    public async Task EnqueueAsync(ChannelKind channel, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var text = Serialize(new InboundEnvelope(channel, receivedAt, Convert.ToBase64String(body.Span), null));
        if (text.Length > _threshold)
        {
            var blobName = $"{receivedAt:yyyy/MM/dd}/{channel.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}.json";
            var blob = storage.Blobs.GetBlobContainerClient(storage.Names.PayloadContainer).GetBlobClient(blobName);
            await blob.UploadAsync(BinaryData.FromBytes(body), overwrite: false, cancellationToken);
            text = Serialize(new InboundEnvelope(channel, receivedAt, null, blobName));
        }

        var queue = storage.Queue(QueueName);
        try
        {
            await queue.SendMessageAsync(text, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The queue is gone (a new or reset account): make it again rather than turn Meta away.
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(text, cancellationToken);
        }
    }

    /// <summary>Reads an envelope and its body back; throws <see cref="MalformedPayloadException"/> when the queue message is not one.</summary>
    public async Task<(InboundEnvelope Envelope, byte[] Body)> ReadAsync(string queueMessage, CancellationToken cancellationToken)
    {
        InboundEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(queueMessage, IngestJsonContext.Default.InboundEnvelope);
        }
        catch (JsonException e)
        {
            throw new MalformedPayloadException("The queue message is not an inbound envelope.", e);
        }

        if (envelope is null)
        {
            throw new MalformedPayloadException("The queue message is not an inbound envelope.");
        }

        if (envelope.BlobName is { } blobName)
        {
            BlobClient blob = storage.Blobs.GetBlobContainerClient(storage.Names.PayloadContainer).GetBlobClient(blobName);
            var content = await blob.DownloadContentAsync(cancellationToken);
            return (envelope, content.Value.Content.ToArray());
        }

        try
        {
            return (envelope, Convert.FromBase64String(envelope.Body ?? string.Empty));
        }
        catch (FormatException e)
        {
            throw new MalformedPayloadException("The inbound envelope's body is not base64.", e);
        }
    }

    private static string Serialize(InboundEnvelope envelope) =>
        JsonSerializer.Serialize(envelope, IngestJsonContext.Default.InboundEnvelope);
}
