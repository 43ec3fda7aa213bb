using System.Globalization;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// What a citizen gets at once when no person can answer yet: while their post is closed, an acknowledgement in their
/// language that says when it opens and which numbers to call in an emergency; while it is open, a greeting if the
/// ministry wants one. Either is led by the post notice when it is due (<see cref="PostNotice"/>: one message, not two);
/// the notice goes alone when neither is due. Sent through the outbox like the intake question (pending-sends index, outbound queue, the
/// sender's once-only claim and the platform windows), written in the thread as automatic.
/// </summary>
/// <remarks>
/// Whether the post is open is asked at the instant the message is processed, not at Meta's timestamp: what the
/// acknowledgement promises ("we open at …") is true when it leaves, and a message that waited in a queue until the
/// post opened needs no acknowledgement. At most one acknowledgement per conversation and closure period: the reply id
/// derives from the conversation and the post's next opening, and the header keeps that period, so that a second
/// message the same night reads nothing more; a redelivery or a second worker meets the same reply id.
/// <para>
/// Not to an urgent or critical conversation: what the acknowledgement promises ("we answer when we open") is not true
/// of it (the duty officer answers within the urgent target), and the message that made it urgent got the emergency
/// reply (<see cref="EmergencyReply"/>), which gives the same numbers: one automatic reply, not two.
/// </para>
/// </remarks>
internal sealed class AutomaticReplies(
    AutomaticOutbox outbox, OwnAccounts ownAccounts, OfficeHours hours, OfficeHoursCalendar calendar, AutoReplyTexts texts, PostNotice notices,
    IOptions<AutoReplyOptions> options, TimeProvider time) : IMessageRecordedHandler
{
    public const string AckKind = "ack";
    public const string GreetingKind = "greeting";

    public async Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (activity is not { Type: ActivityTypes.Message, IsEcho: false }
            || result is not { NeedsIntake: false, CrisisReplyDue: false, PostId: { Length: > 0 } postId, ConversationId.Length: > 0 }
            || ownAccounts.IsOurs(activity.From.Id) || activity.From.Id == activity.Recipient.Id)
        {
            // Status events, echoes and our own accounts never get one; a conversation that needs intake gets the
            // intake question instead (from the central desk, which is open around the clock anyway), and a citizen
            // from a crisis's area the crisis's message (CrisisMessageReply).
            return;
        }

        // The post notice goes with the emergency reply when this message gets one (EmergencyReply), else with this reply.
        var notice = notices.IsDue(result) && !notices.GoesWithEmergencyReply(result);
        // An urgent conversation is answered within the urgent target and got the emergency reply: no acknowledgement, no greeting.
        var urgent = result.Level >= DistressLevel.Urgent;
        if (!notice && (urgent || (!settings.Acknowledge && !settings.Greeting)))
        {
            return;
        }

        var languages = Languages.ReplyLanguages(result.Language);
        var passedOn = result.PostNoticeFor is not null;
        Action<ThreadHeaderEntity>? told = notice ? h => h.PostNoticeFor = postId : null;
        var noticeId = PostNotice.ReplyId(result.ConversationId, postId, result.PostArrivedAt);
        if (!calendar.Knows(postId))
        {
            // A post since removed from the catalogue has no hours: nothing to promise, and no reason to fail the message.
            return;
        }

        await hours.RefreshAsync(cancellationToken);
        var now = time.GetUtcNow();
        string Leading(string language) => notice ? notices.In(postId, language, passedOn) + "\n\n" : string.Empty;
        if (hours.IsOpen(postId, now))
        {
            if (!urgent && settings.Greeting && result.OpenedConversation)
            {
                var greeting = InLanguages.Join(languages, language => Leading(language) + texts.GreetingFor(postId, language));
                await SendAsync(activity, result, $"greeting:{result.ConversationId}", GreetingKind, greeting, told, cancellationToken);
            }
            else if (notice)
            {
                await SendAsync(activity, result, noticeId, PostNotice.Kind, await notices.AloneAsync(postId, languages, passedOn, cancellationToken), told, cancellationToken);
            }

            return;
        }

        var opensAt = hours.NextOpening(postId, now);
        var period = PeriodOf(opensAt);
        if (!urgent && settings.Acknowledge && result.AcknowledgedPeriod != period)
        {
            // One message when both are due: which post answers, then that it is closed and when it opens.
            var zone = calendar.For(postId).TimeZone;
            var text = InLanguages.Join(languages, language => Leading(language) + texts.Acknowledgement(postId, language, opensAt, zone));
            await SendAsync(activity, result, $"ack:{result.ConversationId}:{period}", AckKind, text, h =>
            {
                h.AcknowledgedPeriod = period;
                told?.Invoke(h);
            }, cancellationToken);
        }
        else if (notice)
        {
            await SendAsync(activity, result, noticeId, PostNotice.Kind, await notices.AloneAsync(postId, languages, passedOn, cancellationToken), told, cancellationToken);
        }
    }

    /// <summary>The closure period an acknowledgement covers: the post's next opening ("later" when none in sight).</summary>
    internal static string PeriodOf(DateTimeOffset? opensAt) => opensAt?.ToString("O", CultureInfo.InvariantCulture) ?? "later";

    private Task SendAsync(ChannelActivity activity, RecordResult result, string replyId, string kind, string text, Action<ThreadHeaderEntity>? onHeader, CancellationToken cancellationToken) =>
        outbox.SendAsync(activity, result, replyId, kind, text, onHeader, cancellationToken);
}
