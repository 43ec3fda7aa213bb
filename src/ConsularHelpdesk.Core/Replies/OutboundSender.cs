using System.Text.Json;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The outbound queue's handler: sends each message once (a message already sent is skipped on redelivery),
/// records the platform's message id (so delivery and read statuses find it) or the failure with Meta's error
/// text; throws on 429/5xx after the HTTP retries, so that the queue tries again later. Every send waits for its
/// account's token (<see cref="SendThrottle"/>) before it claims the message, so that a wait never outlasts a claim. A
/// broadcast's message is checked against its broadcast right before it goes (a cancelled broadcast sends nothing more)
/// and its recipient's state is recorded (<see cref="IBroadcastReceipts"/>); a Messenger one is also noted on the
/// citizen's contact, for the watermarks that tell its delivery and read (<see cref="BroadcastWatermarks"/>).
/// </summary>
public sealed partial class OutboundSender : IQueueHandler
{
    private readonly OutboundQueue queue;
    private readonly GraphApiClient graph;
    private readonly SendClaims claims;
    private readonly AttachmentStore attachments;
    private readonly PendingSends pending;
    private readonly SendThrottle throttle;
    private readonly IBroadcastReceipts broadcasts;
    private readonly BroadcastWatermarks watermarks;
    private readonly TimeProvider time;
    private readonly ILogger<OutboundSender> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal OutboundSender(
        OutboundQueue queue, GraphApiClient graph, SendClaims claims, AttachmentStore attachments, PendingSends pending, SendThrottle throttle, IBroadcastReceipts broadcasts,
        BroadcastWatermarks watermarks, TimeProvider time, ILogger<OutboundSender> logger)
    {
        this.queue = queue;
        this.graph = graph;
        this.claims = claims;
        this.attachments = attachments;
        this.pending = pending;
        this.throttle = throttle;
        this.broadcasts = broadcasts;
        this.watermarks = watermarks;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>How long a claim holds: longer than a send with its HTTP retries can take.</summary>
    internal static readonly TimeSpan SendLease = TimeSpan.FromMinutes(2);

    public string QueueName => queue.QueueName;

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        var outbound = JsonSerializer.Deserialize(message, OutboundJsonContext.Default.OutboundMessage)
            ?? throw new JsonException("Not an outbound message.");

        // A message of a cancelled broadcast goes nowhere, so it waits for no token: a cancel empties the queue at once.
        var cancelled = outbound.Broadcast is { } early && await broadcasts.IsCancelledAsync(early, cancellationToken);

        // The token before the claim: waiting for it while holding the claim could outlast the claim's lease.
        if (!cancelled)
        {
            await throttle.AcquireAsync(outbound.Channel, outbound.ChannelAccountId, cancellationToken);
        }

        switch (await claims.TryClaimForSendingAsync(outbound.ConversationId, outbound.MessageRowKey, SendLease, cancellationToken))
        {
            case SendClaim.Done:
                await pending.RemoveAsync(outbound.PendingKey, cancellationToken);
                if (outbound.Broadcast is not null && await claims.SentAtAsync(outbound.ConversationId, outbound.MessageRowKey, cancellationToken) is { } sentAt)
                {
                    // A redelivery after the send: the recipient's "sent" may be what the first delivery did not get to
                    // record (it threw, or the host stopped). Moving it is only forward, so a repeat changes nothing.
                    await RecordSentAsync(outbound, sentAt);
                }

                LogSkipped(outbound.Channel);
                return;
            case SendClaim.Busy:
                // Another delivery of this message is sending it: come back after its lease rather than drop it.
                throw new InvalidOperationException("The message is being sent by another delivery; retry later.");
        }

        if (outbound.Broadcast is { } broadcast && (cancelled || await broadcasts.IsCancelledAsync(broadcast, CancellationToken.None)))
        {
            // Checked again after the wait for a token, right before the send: once a cancel is stored, only sends
            // already past this check go out.
            await claims.MarkFailedAsync(outbound.ConversationId, outbound.MessageRowKey, 0, "Not sent: the broadcast was cancelled.", CancellationToken.None);
            await broadcasts.WithdrawnAsync(broadcast, CancellationToken.None);
            await pending.RemoveAsync(outbound.PendingKey, CancellationToken.None);
            LogWithdrawn(outbound.Channel);
            return;
        }

        GraphSendResult result;
        var sendingAt = time.GetUtcNow();
        try
        {
            // Claimed: from here the send finishes even if the host is stopping (within the HTTP client's timeout), so that
            // a restart never leaves a message Meta got but we did not record, to be sent again after the claim's lease.
            var link = outbound.Attachment is { } file ? await attachments.LinkAsync(file.Id, CancellationToken.None) : null;
            result = await graph.SendAsync(outbound, link, CancellationToken.None);
        }
        catch (Exception e)
        {
            // A timeout or a storage failure before Meta answered: release the claim, visibly, and let the queue retry.
            await claims.MarkFailedAsync(outbound.ConversationId, outbound.MessageRowKey, 0, $"Not sent yet ({e.GetType().Name}); retrying.", CancellationToken.None);
            await RecordAsync(outbound, DeliveryState.Failed);
            throw;
        }

        if (result.Sent)
        {
            // Meta accepted it: record that whatever happens to this request now.
            await claims.MarkSentAsync(outbound.ConversationId, outbound.MessageRowKey, outbound.Channel, result.ChannelMessageId!, CancellationToken.None);
            await pending.RemoveAsync(outbound.PendingKey, CancellationToken.None);
            LogSent(outbound.Channel);
            await RecordSentAsync(outbound, sendingAt);
            return;
        }

        await claims.MarkFailedAsync(outbound.ConversationId, outbound.MessageRowKey, result.StatusCode, result.Error ?? "Unknown error", CancellationToken.None);
        // Failed for now: a later attempt that goes through moves the recipient on to sent.
        await RecordAsync(outbound, DeliveryState.Failed);
        LogFailed(outbound.Channel, result.StatusCode, result.Retryable);
        if (result.Retryable)
        {
            throw new HttpRequestException($"Graph API answered {result.StatusCode}; the send will be retried.");
        }

        // Failed for good: the agent sees Meta's error on the message; nothing left for the sweep.
        await pending.RemoveAsync(outbound.PendingKey, CancellationToken.None);
    }

    /// <summary>
    /// A sent broadcast message's recipient moves to sent (and a Messenger one is noted for the watermarks). Not best
    /// effort: a failure throws, so that the queue delivers the message again, which finds it sent (the send is never
    /// repeated) and records this then (<see cref="SendClaim.Done"/>); without it the recipient would stay queued.
    /// </summary>
    private async Task RecordSentAsync(OutboundMessage outbound, DateTimeOffset sendingAt)
    {
        if (outbound.Broadcast is not { } broadcast)
        {
            return;
        }

        try
        {
            await broadcasts.RecordAsync(broadcast, DeliveryState.Sent, CancellationToken.None);
            await watermarks.SentAsync(outbound.Channel, outbound.RecipientId, broadcast, sendingAt, CancellationToken.None);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or TimeoutException or OperationCanceledException)
        {
            LogReceiptFailed(outbound.Channel, e.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// A broadcast recipient's failure; best effort: the message row holds the failure, and a later attempt that goes
    /// through moves the recipient on to sent.
    /// </summary>
    private async Task RecordAsync(OutboundMessage outbound, DeliveryState state)
    {
        if (outbound.Broadcast is not { } broadcast)
        {
            return;
        }

        try
        {
            await broadcasts.RecordAsync(broadcast, state, CancellationToken.None);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or TimeoutException or OperationCanceledException)
        {
            LogReceiptFailed(outbound.Channel, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} broadcast recipient's state not recorded ({Error}); the message is sent, its redelivery records it")]
    private partial void LogReceiptFailed(Channels.ChannelKind channel, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} broadcast message not sent: the broadcast was cancelled")]
    private partial void LogWithdrawn(Channels.ChannelKind channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} message sent")]
    private partial void LogSent(Channels.ChannelKind channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} message already sent, being sent, or gone; not sent again")]
    private partial void LogSkipped(Channels.ChannelKind channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} message not sent: Graph API status {Status}, retryable {Retryable}")]
    private partial void LogFailed(Channels.ChannelKind channel, int status, bool retryable);
}
