using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>Contacts: one row per citizen per channel; PartitionKey = contact key, RowKey = "".</summary>
internal sealed class ContactEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Channel { get; set; } = string.Empty;

    /// <summary>wa_id, business-scoped user id (US.…) or page-scoped id.</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>Encrypted at rest (<see cref="ContactBook"/>), like <see cref="UserId"/> and <see cref="ProfileName"/>.</summary>
    public string? PhoneNumber { get; set; }

    public string? ProfileName { get; set; }

    /// <summary>What the views show for the citizen's name: the profile name, or "unreadable" when it does not decrypt.</summary>
    [IgnoreDataMember]
    public string? ShownName => FieldCipher.IsProtected(ProfileName) ? UnreadableName : ProfileName;

    /// <summary>Shown for a personal value that does not decrypt (altered, or its key removed from the ring).</summary>
    public const string UnreadableName = "(unreadable)";

    /// <summary>nl, fr, de, en or other; what the system writes to the citizen follows it (English when unknown).</summary>
    public string? Language { get; set; }

    /// <summary>detected, citizen or agent: a language the citizen or an agent chose is never overwritten by detection.</summary>
    public string? LanguageSource { get; set; }

    /// <summary>Start of the platforms' 24-hour customer service window.</summary>
    public DateTimeOffset? LastInboundAt { get; set; }

    public string? OpenConversationId { get; set; }

    /// <summary>Messenger: every message of ours sent at or before this has been delivered.</summary>
    public DateTimeOffset? DeliveredWatermark { get; set; }

    /// <summary>Messenger: every message of ours sent at or before this has been read.</summary>
    public DateTimeOffset? ReadWatermark { get; set; }

    /// <summary>
    /// Messenger: the broadcast messages sent to the citizen whose read is not known yet, JSON
    /// <c>[{"at","broadcast","delivered"}]</c>, at most <see cref="BroadcastWatermarks.MaxPending"/> (<see cref="BroadcastWatermarks"/>).
    /// </summary>
    public string? PendingBroadcasts { get; set; }

    /// <summary>When the citizen was given the privacy notice (with the first automatic message written to them), once per contact.</summary>
    public DateTimeOffset? PrivacyNoticeAt { get; set; }

    /// <summary>The language(s) the privacy notice was given in (<c>nl</c>, or <c>nl,fr</c> when the citizen's language was not known).</summary>
    public string? PrivacyNoticeLanguage { get; set; }

    /// <summary>
    /// The keyed hash of the reply id of the message that carries the privacy notice (<c>StorageKeys.ReplyKey</c>): a
    /// redelivery that writes the same reply again gives it again (the sender sends that reply once), any other does not.
    /// </summary>
    public string? PrivacyNoticeReply { get; set; }
}

/// <summary>The header row of a thread: Conversations table, PartitionKey = conversation id, RowKey = "thread".</summary>
internal sealed class ThreadHeaderEntity : ITableEntity
{
    public const string HeaderRowKey = "thread";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = HeaderRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Channel { get; set; } = string.Empty;

    public string ContactKey { get; set; } = string.Empty;

    /// <summary>Our page or WhatsApp phone number id the citizen wrote to.</summary>
    public string? ChannelAccountId { get; set; }

    public string PostId { get; set; } = string.Empty;

    /// <summary>The post the conversation was at before its last move (routing or transfer): where a row may be left.</summary>
    public string? PreviousPostId { get; set; }

    public string? RoutingReason { get; set; }

    /// <summary>The reason as data (<see cref="Routing.RoutingReason"/> JSON), shown to agents in their language.</summary>
    public string? RoutingWhy { get; set; }

    /// <summary>The <see cref="Routing.RoutingStep"/> that placed the conversation: only a stronger one moves it.</summary>
    public string? RoutingStep { get; set; }

    /// <summary>The country or subdivision routing found, if any.</summary>
    public string? RoutingPlace { get; set; }

    /// <summary>JSON array of every routing change (automatic and transfers), oldest first.</summary>
    public string? RoutingHistory { get; set; }

    /// <summary>The citizen's language (nl, fr, de, en, other), copied from the contact for the inbox.</summary>
    public string? Language { get; set; }

    public string State { get; set; } = ThreadStates.Open;

    /// <summary>When it last closed (kept on reopen): the key of its history row, and where a reopen finds that row.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    public DateTimeOffset? LastInboundAt { get; set; }

    public int UnreadCount { get; set; }

    public int MessageCount { get; set; }

    public string? Preview { get; set; }

    /// <summary>When we last wrote to the citizen: together with <see cref="LastInboundAt"/> it tells who waits for whom.</summary>
    public DateTimeOffset? LastOutboundAt { get; set; }

    public string? AssignedTo { get; set; }

    public string? AssignedToName { get; set; }

    /// <summary>Comma-separated tags agents gave the conversation.</summary>
    public string? Tags { get; set; }

    /// <summary>
    /// Urgent or critical (<see cref="Level"/>), or the agent's tag <c>urgent</c>: the urgent response target, shown
    /// first. Kept by <see cref="ConversationLevel"/> (never set alone).
    /// </summary>
    public bool Urgent { get; set; }

    /// <summary>The crisis that tagged the conversation (it is from the crisis's area): its row in that crisis's partition follows the header.</summary>
    public string? CrisisId { get; set; }

    /// <summary>
    /// The crisis whose message this conversation's citizen got, here or (set with the conversation's first message in
    /// the crisis) in an earlier conversation: later messages read nothing to know it.
    /// </summary>
    public string? CrisisReplied { get; set; }

    /// <summary>none, elevated, urgent or critical (<see cref="ConversationLevel"/>; null: none): how soon someone must answer.</summary>
    public string? Level { get; set; }

    /// <summary>Who set <see cref="Level"/>: auto (distress detection, a crisis) or agent (by hand; automatic raises then hold back).</summary>
    public string? LevelSetBy { get; set; }

    /// <summary>When <see cref="Level"/> was last set.</summary>
    public DateTimeOffset? LevelSetAt { get; set; }

    /// <summary>Why, as data, never the citizen's words: <c>distress:hospital,accident</c>, <c>crisis:…</c>, <c>agent</c> (bounded).</summary>
    public string? LevelReason { get; set; }

    /// <summary>The last raise to urgent or critical (a message row key, or an agent's change id): the duty officer is told once per raise.</summary>
    public string? LevelRaiseId { get; set; }

    /// <summary>The citizen got the emergency reply (once per conversation).</summary>
    public bool EmergencyReplied { get; set; }

    /// <summary>The citizen was offered the choice of language (<c>Replies/LanguageChoice</c>) in this conversation: once is enough.</summary>
    public bool LanguageChoiceOffered { get; set; }

    /// <summary>The post the citizen was told handles their case (<c>Replies/PostNotice</c>): told again when the conversation moves to another.</summary>
    public string? PostNoticeFor { get; set; }

    /// <summary>Counts the header's writes: an inbox row is only ever replaced by one of a later revision.</summary>
    public long Revision { get; set; }

    /// <summary>
    /// The closure period the citizen was last told about by an automatic acknowledgement (the post's next opening,
    /// "O" format): a later message in the same period is not acknowledged again, without reading anything more.
    /// </summary>
    public string? AcknowledgedPeriod { get; set; }

    /// <summary>Since when the citizen waits for a person's answer (null: nobody waits); see <see cref="IDeadlineIndex"/>.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>When the first answer is due under the response targets (null: nobody waits).</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The row key of the conversation's row in the <c>Deadlines</c> index, so that an answer removes it without a search.</summary>
    public string? DeadlineKey { get; set; }

    /// <summary>near or breached (<see cref="TargetStates"/>), set by the sweep, shown in every list.</summary>
    public string? Target { get; set; }

    /// <summary>How far the sweep got: 1 flagged near, 2 the first tier told of the breach, 3 the next, and so on.</summary>
    public int TargetLevel { get; set; }

    /// <summary>
    /// The role of the last tier told of the breach (postDuty, regionalHub, centralDesk, supervisor): the next level
    /// tells the first tier above it that has someone then, however the roster changed in between.
    /// </summary>
    public string? TargetTold { get; set; }

    /// <summary>The header knows whether a person answered (<see cref="AnsweredAt"/>): set on conversations opened since issue 13.</summary>
    public bool AnswerTracked { get; set; }

    /// <summary>When a person first answered (an agent's reply; automatic messages do not count): see <see cref="ShortRetention"/>.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Under legal hold (issue 13): the retention sweep skips it and a purge refuses it unless told otherwise.</summary>
    public bool LegalHold { get; set; }

    /// <summary>The agent who last set or lifted the hold.</summary>
    public string? LegalHoldBy { get; set; }

    public DateTimeOffset? LegalHoldAt { get; set; }

    /// <summary>Why it is held, at most <see cref="FieldLimits.LegalHoldReason"/> characters (a case number, not the citizen's words).</summary>
    public string? LegalHoldReason { get; set; }
}

/// <summary>Where a conversation stands against its response target, as lists show it.</summary>
internal static class TargetStates
{
    public const string Near = "near";
    public const string Breached = "breached";
}

internal static class ThreadStates
{
    public const string Open = "open";
    public const string Closed = "closed";
}

internal static class LanguageSources
{
    public const string Detected = "detected";
    public const string Citizen = "citizen";
    public const string Agent = "agent";
}

internal static class Directions
{
    public const string Inbound = "in";
    public const string Outbound = "out";

    /// <summary>A private note of an agent: in the thread, never sent.</summary>
    public const string Note = "note";
}

/// <summary>A message row of a thread: RowKey = "msg-" + platform time ticks + "-" + message key, so a thread reads in order.</summary>
internal sealed class MessageEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Direction { get; set; } = Directions.Inbound;

    public string ActivityType { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string? Text { get; set; }

    public string? Payload { get; set; }

    public string? Reaction { get; set; }

    public string? ReplyToId { get; set; }

    public string? Referral { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? LocationName { get; set; }

    public string? LocationAddress { get; set; }

    /// <summary>JSON array of the choices offered with a message of ours.</summary>
    public string? QuickReplies { get; set; }

    /// <summary>JSON array of attachments.</summary>
    public string? Attachments { get; set; }

    /// <summary>
    /// A citizen's files: JSON array of the download state of each downloadable attachment (<c>Media/MediaItem</c>: index,
    /// loading / available with type, size and blob / failed with a reason). None yet for one: loading.
    /// </summary>
    public string? Media { get; set; }

    /// <summary>JSON array of errors Meta attached (unsupported message, failed status).</summary>
    public string? Errors { get; set; }

    public string? ChannelMessageId { get; set; }

    /// <summary>The agent who wrote a reply or note (id and name at the time).</summary>
    public string? AuthorId { get; set; }

    public string? Author { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Outbound messages: sent, delivered, read or failed, as the platform reported.</summary>
    public string? Status { get; set; }

    /// <summary>A broadcast's message: <c>{broadcast id}|{recipient row}</c> (the page shows it as a broadcast; statuses reach the recipient's row).</summary>
    public string? Broadcast { get; set; }

    public DateTimeOffset? StatusAt { get; set; }

    /// <summary>The item's raw JSON, so that nothing Meta sent is lost; in <see cref="RawJsonBlob"/> when too large for a table property.</summary>
    public string? RawJson { get; set; }

    public string? RawJsonBlob { get; set; }

    /// <summary>A citizen's text: the level distress detection gave it (null: none or not assessed).</summary>
    public string? DistressLevel { get; set; }

    /// <summary>A citizen's text: what distress detection found, JSON <c>[{"category","phrase"}]</c> (the lists' phrases, never the citizen's words; bounded).</summary>
    public string? DistressMatches { get; set; }

    /// <summary>The citizen's reaction to this message (an emoji, bounded; null: none or removed).</summary>
    public string? CitizenReaction { get; set; }

    /// <summary>When the citizen last reacted or removed their reaction: an older reaction delivered late changes nothing.</summary>
    public DateTimeOffset? CitizenReactionAt { get; set; }

    /// <summary>The citizen edited this message: its text as first received, kept for the audit (<see cref="Text"/> is the latest).</summary>
    public string? OriginalText { get; set; }

    /// <summary>When the citizen last edited this message (null: never).</summary>
    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>How many edits reached us.</summary>
    public int EditCount { get; set; }
}

/// <summary>
/// A citizen's message found by its channel id: Conversations, PartitionKey = conversation id, RowKey =
/// <c>ref-{message key}</c> (the HMAC of channel and message id, never the id itself), added in the same transaction as
/// the message. Reactions and edits name their message by Meta's id; this finds its row with one point read.
/// </summary>
internal sealed class MessageRefEntity : ITableEntity
{
    public const string RowKeyPrefix = "ref-";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The message's row (<c>msg-…</c>) in the same partition.</summary>
    public string MessageRowKey { get; set; } = string.Empty;

    public static string RowKeyOf(string messageKey) => RowKeyPrefix + messageKey;
}

/// <summary>
/// MessageIndex: PartitionKey = message key (a hash of channel and message id: ids are personal data and may
/// hold characters keys cannot). RowKey "" points at the stored message; RowKey "status-…" holds a status that
/// arrived before its message was recorded.
/// </summary>
internal sealed class MessageIndexEntity : ITableEntity
{
    public const string PointerRowKey = "";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = PointerRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? ConversationId { get; set; }

    public string? MessageRowKey { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? StatusAt { get; set; }

    public string? Errors { get; set; }
}

/// <summary>Inbox: a conversation's row in its post's triage list, where <see cref="InboxKeys.Location"/> puts it (open or history).</summary>
internal sealed class InboxEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The conversation (the row key holds it only in the open partition).</summary>
    public string ConversationId { get; set; } = string.Empty;

    /// <summary>A closed conversation the shorter retention period takes (<see cref="ShortRetention"/>): the sweep's query filters on it.</summary>
    public bool ShortRetention { get; set; }

    /// <summary>Under legal hold: shown in the list (the header holds who, when and why).</summary>
    public bool LegalHold { get; set; }

    public string PostId { get; set; } = string.Empty;

    /// <summary>When it closed (history rows): the key's time, shown in the closed view.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public string Channel { get; set; } = string.Empty;

    public string State { get; set; } = ThreadStates.Open;

    public DateTimeOffset LastActivityAt { get; set; }

    public int UnreadCount { get; set; }

    public string? Preview { get; set; }

    public string? ContactName { get; set; }

    public string? Language { get; set; }

    public string? RoutingStep { get; set; }

    public string? RoutingReason { get; set; }

    public string? RoutingWhy { get; set; }

    public DateTimeOffset? LastInboundAt { get; set; }

    public DateTimeOffset? LastOutboundAt { get; set; }

    public string? AssignedTo { get; set; }

    public string? AssignedToName { get; set; }

    public string? Tags { get; set; }

    public bool Urgent { get; set; }

    /// <summary>elevated, urgent or critical (null: none), copied from the header (<see cref="ConversationLevel.Effective"/>): lists sort by it first.</summary>
    public string? Level { get; set; }

    public long Revision { get; set; }

    /// <summary>When the first answer is due (copied from the header).</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>near or breached (copied from the header).</summary>
    public string? Target { get; set; }
}
