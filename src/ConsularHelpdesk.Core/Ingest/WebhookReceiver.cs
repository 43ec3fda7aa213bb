using System.Buffers;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

internal enum WebhookOutcome
{
    /// <summary>Durably queued: answer 200.</summary>
    Accepted,

    /// <summary>Missing or wrong signature: 401, nothing stored.</summary>
    Unauthorized,

    /// <summary>Body over the limit: 413, nothing stored.</summary>
    TooLarge,

    /// <summary>Storage could not take it: 503, so that Meta retries.</summary>
    Unavailable,
}

/// <summary>
/// The POST side of both webhooks, for both hosts: read the body with a limit, check Meta's signature over the
/// exact bytes, queue them. Parsing happens later, off the request path, so Meta gets its answer fast.
/// </summary>
public sealed partial class WebhookReceiver
{
    private readonly MetaSecrets secrets;
    private readonly InboundQueue queue;
    private readonly ILogger<WebhookReceiver> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal WebhookReceiver(MetaSecrets secrets, InboundQueue queue, ILogger<WebhookReceiver> logger)
    {
        this.secrets = secrets;
        this.queue = queue;
        this.logger = logger;
    }

    /// <summary>Meta's payloads can reach 3 MB; 4 MiB leaves room and stops abuse.</summary>
    internal const int MaxBodyBytes = 4 * 1024 * 1024;

    internal async Task<WebhookOutcome> ReceiveAsync(ChannelKind channel, Stream body, long? contentLength, string? signature, CancellationToken cancellationToken)
    {
        if (contentLength > MaxBodyBytes)
        {
            LogRejected(channel, "too large");
            return WebhookOutcome.TooLarge;
        }

        var bytes = await ReadLimitedAsync(body, contentLength, cancellationToken);
        if (bytes is null)
        {
            LogRejected(channel, "too large");
            return WebhookOutcome.TooLarge;
        }

        if (!WebhookSignature.IsValid(bytes.Value.Span, signature, secrets.For(channel).AppSecret))
        {
            LogRejected(channel, signature is null ? "no signature" : "bad signature");
            return WebhookOutcome.Unauthorized;
        }

        try
        {
            await queue.EnqueueAsync(channel, bytes.Value, cancellationToken);
        }
        catch (Exception e) when (StorageFailure.IsOutage(e) && !cancellationToken.IsCancellationRequested)
        {
            LogStorageUnavailable(channel, e.GetType().Name);
            return WebhookOutcome.Unavailable;
        }

        LogAccepted(channel, bytes.Value.Length);
        return WebhookOutcome.Accepted;
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxBodyBytes"/> (whatever Content-Length said).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(contentLength ?? 16 * 1024, MaxBodyBytes));
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>The GET handshake; null means 403.</summary>
    internal string? Handshake(ChannelKind channel, string? mode, string? token, string? challenge) =>
        WebhookHandshake.Verify(mode, token, challenge, secrets.For(channel).VerifyToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} webhook rejected: {Reason}")]
    private partial void LogRejected(ChannelKind channel, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Channel} webhook could not be queued ({Error}); answered 503 so that Meta retries")]
    private partial void LogStorageUnavailable(ChannelKind channel, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Channel} webhook queued, {Bytes} bytes")]
    private partial void LogAccepted(ChannelKind channel, int bytes);
}
