using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// A citizen's message that made its conversation urgent or critical (distress detection: <see cref="RecordResult.RaiseId"/>)
/// gets at once, in their language, the emergency reply: the duty officer is alerted, call the local emergency services
/// now, and the emergency numbers of the post and the central desk (<see cref="AutoReplyTexts.EmergencyNowFor"/>). Once per
/// conversation: the reply id derives from the conversation, and the header keeps that it was sent
/// (<see cref="ThreadHeaderEntity.EmergencyReplied"/>, in the reply row's transaction), so a redelivery, a second raise
/// (urgent, then critical) or a second worker sends nothing more. It replaces the closure acknowledgement for that
/// conversation (<see cref="AutomaticReplies"/> sends none to an urgent one) and, sent while the post is closed, counts
/// as that closure period's acknowledgement (it gives the same numbers): a later message the same night, after an agent
/// lowered the level, gets no acknowledgement besides it. Not with a crisis's message: a message from a crisis's area that
/// gets the crisis's message (what happened, what to do, the crisis number) gets no emergency reply besides it (the duty
/// officer is told all the same).
/// </summary>
internal sealed class EmergencyReply(
    AutomaticOutbox outbox, OwnAccounts ownAccounts, OfficeHours hours, OfficeHoursCalendar calendar, AutoReplyTexts texts, PostNotice notices, IOptions<AutoReplyOptions> options,
    TimeProvider time)
    : IMessageRecordedHandler
{
    public const string Kind = "emergency";

    public async Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken)
    {
        if (!options.Value.Emergency
            || result is not { RaiseId: not null, EmergencyReplied: false, CrisisReplyDue: false, Level: >= DistressLevel.Urgent, PostId: { Length: > 0 } postId, ConversationId.Length: > 0 }
            || activity is not { Type: ActivityTypes.Message, IsEcho: false }
            || ownAccounts.IsOurs(activity.From.Id) || activity.From.Id == activity.Recipient.Id)
        {
            return;
        }

        string? period = null;
        if (calendar.Knows(postId))
        {
            await hours.RefreshAsync(cancellationToken);
            var now = time.GetUtcNow();
            period = hours.IsOpen(postId, now) ? null : AutomaticReplies.PeriodOf(hours.NextOpening(postId, now));
        }

        // Led by the post notice when it is due (which post handles the case): one message, not two.
        var notice = notices.IsDue(result);
        var passedOn = result.PostNoticeFor is not null;
        var text = InLanguages.Join(
            Languages.ReplyLanguages(result.Language),
            language => (notice ? notices.In(postId, language, passedOn) + "\n\n" : string.Empty) + texts.EmergencyNowFor(postId, language));
        await outbox.SendAsync(activity, result, $"emergency:{result.ConversationId}", Kind, text, h =>
        {
            h.EmergencyReplied = true;
            h.AcknowledgedPeriod = period ?? h.AcknowledgedPeriod;
            h.PostNoticeFor = notice ? postId : h.PostNoticeFor;
        }, cancellationToken);
    }
}
