using System.Text.Json;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The outbound queue's handler: sends each message once (a message already sent is skipped on redelivery),
/// records the platform's message id (so delivery and read statuses find it) or the failure with Meta's error
/// text; throws on 429/5xx after the HTTP retries, so that the queue tries again later.
/// </summary>
public sealed partial class OutboundSender : IQueueHandler
{
    private readonly OutboundQueue queue;
    private readonly GraphApiClient graph;
    private readonly SendClaims claims;
    private readonly AttachmentStore attachments;
    private readonly PendingSends pending;
    private readonly ILogger<OutboundSender> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal OutboundSender(OutboundQueue queue, GraphApiClient graph, SendClaims claims, AttachmentStore attachments, PendingSends pending, ILogger<OutboundSender> logger)
    {
        this.queue = queue;
        this.graph = graph;
        this.claims = claims;
        this.attachments = attachments;
        this.pending = pending;
        this.logger = logger;
    }

    /// <summary>How long a claim holds: longer than a send with its HTTP retries can take.</summary>
    internal static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    public string QueueName => queue.QueueName;

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        var outbound = JsonSerializer.Deserialize(message, OutboundJsonContext.Default.OutboundMessage)
            ?? throw new JsonException("Not an outbound message.");
        switch (await claims.TryClaimForSendingAsync(outbound.ConversationId, outbound.MessageRowKey, SendLease, cancellationToken))
        {
            case SendClaim.Done:
                await pending.RemoveAsync(outbound.PendingKey, cancellationToken);
                LogSkipped(outbound.Channel);
                return;
            case SendClaim.Busy:
                // Another delivery of this message is sending it: come back after its lease rather than drop it.
                throw new InvalidOperationException("The message is being sent by another delivery; retry later.");
        }

        GraphSendResult result;
        try
        {
            var link = outbound.Attachment is { } file ? await attachments.LinkAsync(file.Id, cancellationToken) : null;
            result = await graph.SendAsync(outbound, link, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A timeout or a storage failure before Meta answered: release the claim, visibly, and let the queue retry.
            await claims.MarkFailedAsync(outbound.ConversationId, outbound.MessageRowKey, 0, $"Not sent yet ({e.GetType().Name}); retrying.", CancellationToken.None);
            throw;
        }

        if (result.Sent)
        {
            // Meta accepted it: record that whatever happens to this request now.
            await claims.MarkSentAsync(outbound.ConversationId, outbound.MessageRowKey, outbound.Channel, result.ChannelMessageId!, CancellationToken.None);
            await pending.RemoveAsync(outbound.PendingKey, CancellationToken.None);
            LogSent(outbound.Channel);
            return;
        }

        await claims.MarkFailedAsync(outbound.ConversationId, outbound.MessageRowKey, result.StatusCode, result.Error ?? "Unknown error", CancellationToken.None);
        LogFailed(outbound.Channel, result.StatusCode, result.Retryable);
        if (result.Retryable)
        {
            throw new HttpRequestException($"Graph API answered {result.StatusCode}; the send will be retried.");
        }

        // Failed for good: the agent sees Meta's error on the message; nothing left for the sweep.
        await pending.RemoveAsync(outbound.PendingKey, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} message sent")]
    private partial void LogSent(Channels.ChannelKind channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} message already sent, being sent, or gone; not sent again")]
    private partial void LogSkipped(Channels.ChannelKind channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} message not sent: Graph API status {Status}, retryable {Retryable}")]
    private partial void LogFailed(Channels.ChannelKind channel, int status, bool retryable);
}
