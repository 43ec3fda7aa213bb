using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Sends a message the system writes by itself (acknowledgement, greeting, emergency reply) to the citizen of an inbound
/// activity: the pending-sends row, then the thread's row (author <c>auto</c>, answering nothing: the conversation still
/// waits for a person), then the outbound queue; the sender's once-only claim sends each reply id once.
/// </summary>
internal sealed class AutomaticOutbox(MessageLog messages, OutboundQueue queue, PendingSends pending)
{
    /// <param name="onHeader">Changes the header in the same transaction as the row (what the reply covers, so it is not sent again).</param>
    public async Task SendAsync(ChannelActivity activity, string conversationId, string replyId, string kind, string text, Action<ThreadHeaderEntity>? onHeader, CancellationToken cancellationToken)
    {
        var send = new OutboundMessage(replyId, conversationId, string.Empty, activity.Channel, activity.Recipient.Id, activity.From.Id, activity.From.PhoneNumber, text, []);
        var rowKey = await messages.AppendOutboundAsync(
            conversationId, replyId, kind, text, [], cancellationToken,
            beforeAdd: async row => send = await pending.AddAsync(send with { MessageRowKey = row }, cancellationToken),
            onHeader: onHeader,
            answers: false);
        await queue.EnqueueAsync(send with { MessageRowKey = rowKey }, cancellationToken);
    }
}
