using System.Text.Json;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Where a message of ours stands on its way out: one sender at a time claims it (a compare-and-swap on its row), and
/// the sender's outcome is recorded on it (Meta's id, or the error the agent sees).
/// </summary>
internal sealed class SendClaims(MessageLog messages, StorageKeys keys, TimeProvider time)
{
    internal const string PendingStatus = "Pending";
    internal const string SendingStatus = "Sending";

    /// <summary>
    /// Claims a message of ours for sending: <see cref="SendClaim.Claimed"/> for exactly one sender while it still
    /// needs sending (pending, or failed and being retried, or claimed by a sender that did not finish within the
    /// lease). A compare-and-swap on the row's ETag, so that two deliveries of the same queue message never both send
    /// it; <see cref="SendClaim.Busy"/> tells the second to come back later rather than drop the message.
    /// </summary>
    public async Task<SendClaim> TryClaimForSendingAsync(string conversationId, string rowKey, TimeSpan lease, CancellationToken cancellationToken)
    {
        var message = await messages.GetAsync(conversationId, rowKey, cancellationToken);
        var now = time.GetUtcNow();
        if (message is not { ChannelMessageId: null } || message.Status is not (PendingStatus or nameof(DeliveryState.Failed) or SendingStatus))
        {
            return SendClaim.Done;
        }

        if (message.Status == SendingStatus && message.StatusAt + lease > now)
        {
            return SendClaim.Busy;
        }

        message.Status = SendingStatus;
        message.StatusAt = now;
        return await messages.TryReplaceAsync(message, cancellationToken) ? SendClaim.Claimed : SendClaim.Busy;
    }

    /// <summary>
    /// Where a message of ours stands for the sweep of stuck replies: waiting while no sender has it (pending, or
    /// claimed by a sender whose <paramref name="lease"/> ran out), sending while a claim holds, finished otherwise.
    /// </summary>
    public async Task<SendState> SendStateAsync(string conversationId, string rowKey, TimeSpan lease, CancellationToken cancellationToken) =>
        await messages.GetAsync(conversationId, rowKey, cancellationToken) switch
        {
            { ChannelMessageId: null, Status: PendingStatus } => SendState.Waiting,
            { ChannelMessageId: null, Status: SendingStatus } m => m.StatusAt + lease > time.GetUtcNow() ? SendState.Sending : SendState.Waiting,
            _ => SendState.Finished,
        };

    /// <summary>
    /// When a message of ours went out (its row's time of the send), or null while it has not: for a redelivery that
    /// finds the message sent already and must finish what the first delivery recorded after the send.
    /// </summary>
    public async Task<DateTimeOffset?> SentAtAsync(string conversationId, string rowKey, CancellationToken cancellationToken) =>
        await messages.GetAsync(conversationId, rowKey, cancellationToken) is { ChannelMessageId: not null } sent ? sent.StatusAt ?? sent.Timestamp : null;

    /// <summary>Records the platform's id of a message we sent, so that its statuses (even early ones) find it.</summary>
    public async Task MarkSentAsync(string conversationId, string rowKey, ChannelKind channel, string channelMessageId, CancellationToken cancellationToken)
    {
        await messages.UpdateAsync(conversationId, rowKey, m =>
        {
            if (m.ChannelMessageId is not null)
            {
                return false; // recorded already (by the sender or by the echo): statuses may have moved it on
            }

            m.ChannelMessageId = channelMessageId;
            m.Status = DeliveryState.Sent.ToString();
            m.StatusAt = time.GetUtcNow();
            m.Errors = null;
            return true;
        }, cancellationToken);
        var key = keys.MessageKey(channel, channelMessageId);
        await messages.IndexOursAsync(key, conversationId, rowKey, cancellationToken);
    }

    /// <summary>Records why a message of ours could not be sent (Meta's error text), shown on the message.</summary>
    public Task MarkFailedAsync(string conversationId, string rowKey, int statusCode, string error, CancellationToken cancellationToken) =>
        messages.UpdateAsync(conversationId, rowKey, m =>
        {
            if (m.ChannelMessageId is not null)
            {
                return false; // it went through after all (its echo or an earlier attempt recorded it)
            }

            m.Status = DeliveryState.Failed.ToString();
            m.StatusAt = time.GetUtcNow();
            m.Errors = JsonSerializer.Serialize<IReadOnlyList<ChannelError>>([new ChannelError(statusCode, error)], ThreadJsonContext.Default.IReadOnlyListChannelError);
            return true;
        }, cancellationToken);
}
