using System.Globalization;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Coverage;
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
/// </remarks>
internal sealed class AutomaticReplies(
    MessageLog messages, OutboundQueue queue, PendingSends pending, OwnAccounts ownAccounts, OfficeHours hours, OfficeHoursCalendar calendar, AutoReplyTexts texts,
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
            || ownAccounts.IsOurs(activity.From.Id) || activity.From.Id == activity.Recipient.Id)
        {
            // Status events, echoes and our own accounts never get one; a conversation that needs intake gets the
            // intake question instead (from the central desk, which is open around the clock anyway), and a citizen
            // from a crisis's area the crisis's message (CrisisMessageReply).
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
        var period = opensAt?.ToString("O", CultureInfo.InvariantCulture) ?? "later";
        if (!settings.Acknowledge || result.AcknowledgedPeriod == period)
        {
            return;
        }

        var text = texts.Acknowledgement(postId, language, opensAt, calendar.For(postId).TimeZone);
        await SendAsync(activity, result, $"ack:{result.ConversationId}:{period}", AckKind, text, h => h.AcknowledgedPeriod = period, cancellationToken);
    }

    private async Task SendAsync(ChannelActivity activity, RecordResult result, string replyId, string kind, string text, Action<ThreadHeaderEntity>? onHeader, CancellationToken cancellationToken)
    {
        var send = new OutboundMessage(replyId, result.ConversationId, string.Empty, activity.Channel, activity.Recipient.Id, activity.From.Id, activity.From.PhoneNumber, text, []);
        var rowKey = await messages.AppendOutboundAsync(
            result.ConversationId, replyId, kind, text, [], cancellationToken,
            beforeAdd: async row => send = await pending.AddAsync(send with { MessageRowKey = row }, cancellationToken),
            onHeader: onHeader,
            answers: false);
        await queue.EnqueueAsync(send with { MessageRowKey = rowKey }, cancellationToken);
    }
}
