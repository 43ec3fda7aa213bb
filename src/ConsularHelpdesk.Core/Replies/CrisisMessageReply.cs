using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// While a crisis is open, a citizen from its area gets the crisis's message (what happened, what to do, the crisis
/// number) in their language (Dutch and French when it cannot be told, with the choice of language) as the automatic
/// reply to their first message, instead of the acknowledgement or the
/// intake question; once per citizen per crisis, whatever conversations they open: the record path claims it
/// (<see cref="CrisisReplies"/>) and says when it is due (<see cref="RecordResult.CrisisReplyDue"/>), so that a citizen
/// who had it in an earlier conversation is answered as any in the new one. A redelivery re-queues the same reply, which
/// the sender sends once. Through the outbox like every automatic reply.
/// </summary>
internal sealed class CrisisMessageReply(MessageLog messages, OutboundQueue queue, PendingSends pending, OwnAccounts ownAccounts, OpenCrises crises, LanguageChoice choice,
    PrivacyNotice privacy)
    : IMessageRecordedHandler
{
    public const string Kind = "crisis";

    public async Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken)
    {
        if (result is not { CrisisReplyDue: true, CrisisId: { } crisisId, ConversationId.Length: > 0 }
            || activity is not { IsEcho: false }
            || ownAccounts.IsOurs(activity.From.Id) || activity.From.Id == activity.Recipient.Id
            || crises.Find(crisisId) is not { } crisis)
        {
            return;
        }

        var languages = Languages.ReplyLanguages(result.Language);
        var replyId = $"crisis:{crisisId}:{result.ConversationId}";
        var text = await privacy.AddAsync(
            result.PrivacyNotice, replyId, languages, InLanguages.Join(languages, crisis.Messages.For),
            InLanguages.TextLimit(activity.Channel), cancellationToken, whole: true); // the crisis's words are never clipped; the choice is offered only when it still fits
        IReadOnlyList<QuickReply> choices = [];
        string? label = null;
        if (choice.Add(activity.Channel, result, text, []) is { } offer)
        {
            (text, choices, label) = (offer.Text, offer.Replies, offer.Label);
        }

        var send = new OutboundMessage(
            replyId, result.ConversationId, string.Empty, activity.Channel, activity.Recipient.Id, activity.From.Id, activity.From.PhoneNumber, text, choices, ChoicesLabel: label);
        var rowKey = await messages.AppendOutboundAsync(
            result.ConversationId, replyId, Kind, text, choices, cancellationToken,
            beforeAdd: async row => send = await pending.AddAsync(send with { MessageRowKey = row }, cancellationToken),
            onHeader: h =>
            {
                h.CrisisReplied = crisisId;
                h.LanguageChoiceOffered |= label is not null;
            },
            answers: false);
        await queue.EnqueueAsync(send with { MessageRowKey = rowKey }, cancellationToken);
    }
}
