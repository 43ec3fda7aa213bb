using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Sends a message the system writes by itself (acknowledgement, greeting, emergency reply) to the citizen of an inbound
/// activity: the pending-sends row, then the thread's row (author <c>auto</c>, answering nothing: the conversation still
/// waits for a person), then the outbound queue; the sender's once-only claim sends each reply id once. The first one
/// to a citizen whose language is not known offers the choice of language (<see cref="LanguageChoice"/>); the first one
/// to a citizen carries the privacy notice (<see cref="PrivacyNotice"/>).
/// </summary>
internal sealed class AutomaticOutbox(MessageLog messages, OutboundQueue queue, PendingSends pending, LanguageChoice choice, PrivacyNotice privacy)
{
    /// <param name="onHeader">Changes the header in the same transaction as the row (what the reply covers, so it is not sent again).</param>
    public async Task SendAsync(
        ChannelActivity activity, RecordResult result, string replyId, string kind, string text, Action<ThreadHeaderEntity>? onHeader, CancellationToken cancellationToken)
    {
        var conversationId = result.ConversationId;
        IReadOnlyList<QuickReply> replies = [];
        string? label = null;
        text = await privacy.AddAsync(
            result.PrivacyNotice, replyId, Languages.ReplyLanguages(result.Language), text, choice.Room(activity.Channel, result, hasReplies: false), cancellationToken);
        if (choice.Add(activity.Channel, result, text, []) is { } offer)
        {
            (text, replies, label) = (offer.Text, offer.Replies, offer.Label);
            var covers = onHeader;
            onHeader = h =>
            {
                covers?.Invoke(h);
                h.LanguageChoiceOffered = true;
            };
        }

        await SendAsync(
            new OutboundMessage(replyId, conversationId, string.Empty, activity.Channel, activity.Recipient.Id, activity.From.Id, activity.From.PhoneNumber, text, replies, ChoicesLabel: label),
            kind, onHeader, cancellationToken);
    }

    /// <summary>Sends a message to a conversation's citizen that no inbound activity prompted (the post notice after a transfer).</summary>
    public async Task SendAsync(OutboundMessage send, string kind, Action<ThreadHeaderEntity>? onHeader, CancellationToken cancellationToken)
    {
        var rowKey = await messages.AppendOutboundAsync(
            send.ConversationId, send.ReplyId, kind, send.Text, send.QuickReplies, cancellationToken,
            beforeAdd: async row => send = await pending.AddAsync(send with { MessageRowKey = row }, cancellationToken),
            onHeader: onHeader,
            answers: false);
        await queue.EnqueueAsync(send with { MessageRowKey = rowKey }, cancellationToken);
    }
}
