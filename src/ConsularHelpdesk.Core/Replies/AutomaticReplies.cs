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
/// ministry wants one. Sent through the outbox like the intake question (pending-sends index, outbound queue, the
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
    AutomaticOutbox outbox, OwnAccounts ownAccounts, OfficeHours hours, OfficeHoursCalendar calendar, AutoReplyTexts texts,
    IOptions<AutoReplyOptions> options, TimeProvider time) : IMessageRecordedHandler
{
    public const string AckKind = "ack";
    public const string GreetingKind = "greeting";

    public async Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if ((!settings.Acknowledge && !settings.Greeting)
            || activity is not { Type: ActivityTypes.Message, IsEcho: false }
            || result is not { NeedsIntake: false, CrisisReplyDue: false, PostId: { Length: > 0 } postId, ConversationId.Length: > 0 }
            || ownAccounts.IsOurs(activity.From.Id) || activity.From.Id == activity.Recipient.Id
            || result.Level >= DistressLevel.Urgent)
        {
            // Status events, echoes and our own accounts never get one; a conversation that needs intake gets the
            // intake question instead (from the central desk, which is open around the clock anyway), a citizen
            // from a crisis's area the crisis's message (CrisisMessageReply), and an urgent one is answered within the
            // urgent target and got the emergency reply (EmergencyReply).
            return;
        }

        if (!calendar.Knows(postId))
        {
            return; // a post since removed from the catalogue has no hours: nothing to promise, and no reason to fail the message
        }

        await hours.RefreshAsync(cancellationToken);
        var now = time.GetUtcNow();
        var language = Languages.ReplyLanguage(result.Language ?? Languages.Unknown);
        if (hours.IsOpen(postId, now))
        {
            if (settings.Greeting && result.OpenedConversation)
            {
                await SendAsync(activity, result, $"greeting:{result.ConversationId}", GreetingKind, texts.GreetingFor(postId, language), null, cancellationToken);
            }

            return;
        }

        var opensAt = hours.NextOpening(postId, now);
        var period = PeriodOf(opensAt);
        if (!settings.Acknowledge || result.AcknowledgedPeriod == period)
        {
            return;
        }

        var text = texts.Acknowledgement(postId, language, opensAt, calendar.For(postId).TimeZone);
        await SendAsync(activity, result, $"ack:{result.ConversationId}:{period}", AckKind, text, h => h.AcknowledgedPeriod = period, cancellationToken);
    }

    /// <summary>The closure period an acknowledgement covers: the post's next opening ("later" when none in sight).</summary>
    internal static string PeriodOf(DateTimeOffset? opensAt) => opensAt?.ToString("O", CultureInfo.InvariantCulture) ?? "later";

    private Task SendAsync(ChannelActivity activity, RecordResult result, string replyId, string kind, string text, Action<ThreadHeaderEntity>? onHeader, CancellationToken cancellationToken) =>
        outbox.SendAsync(activity, result.ConversationId, replyId, kind, text, onHeader, cancellationToken);
}
