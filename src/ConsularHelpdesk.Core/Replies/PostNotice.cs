using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Tells the citizen, once, in their language, which post handles their case ("Your message was passed to the Embassy of
/// Belgium in Lisbon"): when their conversation is routed to a post (not while the central desk is still asking where
/// they are), and again when it moves to another post (an agent's transfer, or routing on a stronger signal: "…was
/// passed on to…"). The header keeps the post the citizen was told of (<see cref="ThreadHeaderEntity.PostNoticeFor"/>),
/// in the same transaction as the message's row. With an automatic reply due for the same message the notice leads it,
/// in one message (<see cref="AutomaticReplies"/>: the acknowledgement, which gives the opening time, or the greeting;
/// <see cref="EmergencyReply"/>); alone while the post is closed it says when the post opens. Not with a crisis's message:
/// that message is what a citizen from the crisis's area gets first, alone; the notice comes with their next message.
/// </summary>
internal sealed class PostNotice(
    PostCatalog catalog, AutoReplyTexts texts, OfficeHours hours, OfficeHoursCalendar calendar, AutomaticOutbox outbox, SendRules rules, PrivacyNotice privacy,
    IOptions<AutoReplyOptions> options, TimeProvider time)
{
    public const string Kind = "notice";

    /// <summary>
    /// The reply id of the notice of one move (the conversation's arrival at a post): the same for a transfer's notice
    /// and for the one a citizen's message sends, so that when both run at once the sender's once-only claim (and the
    /// thread's row, found by that id) lets one through. A later move back to the same post is another arrival: told again.
    /// </summary>
    public static string ReplyId(string conversationId, string postId, DateTimeOffset? arrivedAt) =>
        $"notice:{conversationId}:{postId}:{arrivedAt?.UtcTicks ?? 0}";

    /// <summary>Whether the message recorded is to tell the citizen which post answers them.</summary>
    public bool IsDue(RecordResult result) =>
        options.Value.PostNotice
        && result is { NeedsIntake: false, CrisisReplyDue: false, PostId: { Length: > 0 } postId }
        && result.PostNoticeFor != postId
        && catalog.TryGet(postId, out _);

    /// <summary>Whether the emergency reply to this message carries the notice (the same conditions as <see cref="EmergencyReply"/>'s).</summary>
    public bool GoesWithEmergencyReply(RecordResult result) =>
        options.Value.Emergency && result is { RaiseId: not null, EmergencyReplied: false, CrisisReplyDue: false, Level: >= DistressLevel.Urgent };

    /// <summary>The notice in one language: passed to the post, or passed on to it when the citizen was told of another before.</summary>
    public string In(string postId, string language, bool passedOn)
    {
        var post = catalog.TryGet(postId, out var known) ? known : throw new ArgumentException($"Unknown post '{postId}'.", nameof(postId));
        return texts.Notice(postId, language, PostNames.ToPost(post, language), passedOn);
    }

    /// <summary>The notice alone, in the citizen's languages, with when the post opens if it is closed now.</summary>
    public async Task<string> AloneAsync(string postId, IReadOnlyList<string> languages, bool passedOn, CancellationToken cancellationToken)
    {
        DateTimeOffset? opensAt = null;
        TimeZoneInfo? zone = null;
        if (calendar.Knows(postId))
        {
            await hours.RefreshAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (!hours.IsOpen(postId, now))
            {
                opensAt = hours.NextOpening(postId, now);
                zone = calendar.For(postId).TimeZone;
            }
        }

        return InLanguages.Join(languages, language => opensAt is { } opening
            ? In(postId, language, passedOn) + " " + texts.ClosedUntil(postId, language, opening, zone!)
            : In(postId, language, passedOn));
    }

    /// <summary>
    /// After an agent's transfer: the citizen is told which post now handles their case, when a free-form message may
    /// still reach them (the platforms' 24-hour window: an automatic notice is no reason for a template or a tag).
    /// </summary>
    /// <returns>Whether the notice was written (and queued).</returns>
    public async Task<bool> TellTransferAsync(ThreadHeaderEntity header, ContactEntity? contact, CancellationToken cancellationToken)
    {
        if (!options.Value.PostNotice || contact is not { UserId.Length: > 0 } || header.State != ThreadStates.Open
            || !Enum.TryParse<ChannelKind>(header.Channel, out var channel) || !catalog.TryGet(header.PostId, out _)
            || header.PostNoticeFor == header.PostId
            || rules.Plan(channel, ContactBook.LastInbound(header, contact), contact.Language, time.GetUtcNow()).Mode != SendMode.FreeForm)
        {
            return false;
        }

        var postId = header.PostId;
        var languages = Languages.ReplyLanguages(contact.Language);
        var replyId = ReplyId(header.PartitionKey, postId, RoutingHistory.ArrivedAt(header));
        var text = await privacy.AddAsync(
            PrivacyNoticeState.Of(contact), replyId, languages, await AloneAsync(postId, languages, passedOn: true, cancellationToken), InLanguages.MessageLimit, cancellationToken);
        var send = new OutboundMessage(
            replyId, header.PartitionKey, string.Empty, channel, header.ChannelAccountId ?? string.Empty, contact.UserId, contact.PhoneNumber, text, []);
        await outbox.SendAsync(send, Kind, h => h.PostNoticeFor = postId, cancellationToken);
        return true;
    }
}
