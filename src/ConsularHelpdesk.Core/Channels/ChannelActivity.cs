using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Channels;

/// <summary>The messaging platforms citizens write on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChannelKind>))]
internal enum ChannelKind
{
    WhatsApp,
    Messenger,
}

/// <summary>Activity types, named as in the Bot Framework so that a later move to it stays easy.</summary>
internal static class ActivityTypes
{
    /// <summary>A message from the citizen, or an echo of one of ours.</summary>
    public const string Message = "message";

    /// <summary>A reaction (emoji) to a message.</summary>
    public const string MessageReaction = "messageReaction";

    /// <summary>
    /// The citizen edited a message they sent: <see cref="ChannelActivity.ReplyToId"/> names it, <see cref="ChannelActivity.Text"/>
    /// is its new text (WhatsApp <c>type: edit</c>, Messenger <c>message_edit</c>).
    /// </summary>
    public const string MessageEdit = "messageEdit";

    /// <summary>A delivery, read, sent or failed status of one of our messages.</summary>
    public const string MessageStatus = "messageStatus";

    /// <summary>An error Meta reports about the webhook or the account, not tied to one message.</summary>
    public const string Error = "error";

    /// <summary>
    /// Something about our own account or the webhook itself, never a citizen's message: a change of another
    /// webhook field (template status, quality, page feed), or a body or entry that carries no item.
    /// <see cref="ChannelActivity.Name"/> says which.
    /// </summary>
    public const string Event = "event";
}

/// <summary>
/// Names of <see cref="ActivityTypes.Event"/> activities that are not a webhook field (a field change is named by the
/// field itself: <c>message_template_status_update</c>, <c>feed</c>, …).
/// </summary>
internal static class EventNames
{
    /// <summary>The body's <c>object</c> is not the one this channel's webhook receives (a WhatsApp body on the Messenger endpoint).</summary>
    public const string UnexpectedObject = "webhook.unexpectedObject";

    /// <summary>The body has no <c>entry</c> array.</summary>
    public const string NoEntries = "webhook.noEntries";

    /// <summary>An entry with neither <c>changes</c> nor <c>messaging</c>/<c>standby</c>, or that is no object.</summary>
    public const string EmptyEntry = "webhook.emptyEntry";

    /// <summary>A <c>messages</c> change whose value holds no messages, statuses or errors.</summary>
    public const string EmptyChange = "webhook.emptyChange";

    /// <summary>
    /// A Messenger <c>messaging</c> item that is none of message, postback, reaction, delivery, read or referral
    /// (handover, opt-in, edit, account linking, feedback, policy enforcement, …), or such an item on the handover
    /// protocol's <c>standby</c> channel: the event is named <c>messaging.</c> or <c>standby.</c> and the item's key
    /// (<c>messaging.pass_thread_control</c>, <c>standby.take_thread_control</c>).
    /// </summary>
    public static string MessengerItem(string channel, string key) => $"{channel}.{key}";

    /// <summary>A Messenger <c>messaging</c> or <c>standby</c> item that carries no key besides sender, recipient and timestamp.</summary>
    public const string EmptyItem = "webhook.emptyItem";

    /// <summary>
    /// WhatsApp: a message of <c>type: system</c> (<c>user_changed_number</c>, <c>customer_identity_changed</c>):
    /// WhatsApp's own notice about the citizen's account, not something the citizen wrote.
    /// </summary>
    public const string WhatsAppSystem = "whatsapp.system";

    /// <summary>WhatsApp: a template was approved, rejected, paused, disabled, … (administrators must see it).</summary>
    public const string TemplateStatus = "message_template_status_update";

    /// <summary>WhatsApp: a template's quality score changed.</summary>
    public const string TemplateQuality = "message_template_quality_update";

    /// <summary>WhatsApp: our phone number's quality or messaging limit changed.</summary>
    public const string PhoneNumberQuality = "phone_number_quality_update";
}

/// <summary>What a message carries, from the platform's own message type.</summary>
internal static class ContentKinds
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Document = "document";
    public const string Sticker = "sticker";
    public const string Location = "location";
    public const string Contacts = "contacts";
    public const string Interactive = "interactive";
    public const string Button = "button";
    public const string Postback = "postback";
    public const string QuickReply = "quick_reply";
    public const string Template = "template";
    public const string Fallback = "fallback";
    public const string File = "file";

    /// <summary>The citizen came through a link or an ad, with no message yet (Messenger referral).</summary>
    public const string Referral = "referral";

    /// <summary>Anything we do not understand: kept whole, shown to agents.</summary>
    public const string Unsupported = "unsupported";
}

/// <summary>
/// One thing Meta told us, normalized: the shape of a Bot Framework Activity
/// (type, channel, from, recipient, conversation, text, attachments, reply-to, timestamp, id)
/// plus what the platforms add (location, statuses, reactions, referral), and the raw JSON of the item.
/// </summary>
internal sealed record ChannelActivity
{
    public required string Type { get; init; }

    public required ChannelKind Channel { get; init; }

    /// <summary>The citizen for inbound items; our page or number for echoes.</summary>
    public required ChannelAccount From { get; init; }

    /// <summary>Our page or WhatsApp phone number id for inbound items; the citizen for echoes and statuses.</summary>
    public required ChannelAccount Recipient { get; init; }

    /// <summary>The message's kind in <see cref="ContentKinds"/>, or the platform's own word when unknown.</summary>
    public string ContentKind { get; init; } = ContentKinds.Text;

    public string? Text { get; init; }

    public IReadOnlyList<ChannelAttachment> Attachments { get; init; } = [];

    public GeoPoint? Location { get; init; }

    /// <summary>The channel message id this one answers (WhatsApp context, Messenger reply_to), reacts to or edits.</summary>
    public string? ReplyToId { get; init; }

    /// <summary>The payload of a button, quick reply, list reply or postback the citizen chose.</summary>
    public string? Payload { get; init; }

    /// <summary>When the platform says it happened.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The platform's message id (wamid…, m_…). Personal data: never log it.</summary>
    public string? ChannelMessageId { get; init; }

    /// <summary>Messenger echo of a message sent by the page (by us or from the Page inbox).</summary>
    public bool IsEcho { get; init; }

    /// <summary>Messenger handover protocol: the item came on the standby channel.</summary>
    public bool IsStandby { get; init; }

    /// <summary>For <see cref="ActivityTypes.MessageReaction"/>: the emoji, or null when removed.</summary>
    public string? Reaction { get; init; }

    /// <summary>For <see cref="ActivityTypes.MessageStatus"/>.</summary>
    public DeliveryStatus? Status { get; init; }

    /// <summary>Where the citizen came from (click-to-WhatsApp ad, m.me link, referral).</summary>
    public string? Referral { get; init; }

    /// <summary>Errors Meta attached to the item (unsupported message, failed status, webhook error).</summary>
    public IReadOnlyList<ChannelError> Errors { get; init; } = [];

    /// <summary>For <see cref="ActivityTypes.Event"/>: the webhook field, or one of <see cref="EventNames"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The body's <c>object</c> (<c>whatsapp_business_account</c>, <c>page</c>, or whatever else came).</summary>
    public string? WebhookObject { get; init; }

    /// <summary>The <c>field</c> of the change this activity came from, when it came from one.</summary>
    public string? WebhookField { get; init; }

    /// <summary>The webhook entry's id: our WhatsApp business account or our page. Never a citizen.</summary>
    public string? EntryId { get; init; }

    /// <summary>The raw JSON of the item (message, status, messaging entry) this activity was made from.</summary>
    public required string RawJson { get; init; }
}

/// <summary>
/// A participant. <see cref="Id"/> is the key: the WhatsApp wa_id, or the business-scoped user id
/// (<c>US.…</c>) when the citizen hides their number; the Messenger page-scoped id; our page or phone number id.
/// </summary>
internal sealed record ChannelAccount(string Id, string? Name = null, string? PhoneNumber = null);

/// <summary>
/// A file, card or template a message carries. <see cref="Content"/> holds inline content that has no
/// media id or url of its own (a shared contact card, a Messenger template payload) as the platform's JSON.
/// </summary>
internal sealed record ChannelAttachment(
    string ContentKind,
    string? ContentType = null,
    string? MediaId = null,
    string? Url = null,
    string? Name = null,
    string? Caption = null,
    string? Sha256 = null,
    string? Content = null);

internal sealed record GeoPoint(double Latitude, double Longitude, string? Name = null, string? Address = null);

internal sealed record ChannelError(int? Code, string? Title, string? Message = null, string? Details = null);

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryState>))]
internal enum DeliveryState
{
    Unknown = 0,
    Sent = 1,
    Delivered = 2,
    Read = 3,
    Failed = 4,
}

/// <summary>
/// A status of one of our messages: either for one message (<see cref="MessageId"/>: WhatsApp statuses,
/// Messenger delivery mids) or for every message up to a <see cref="Watermark"/> (Messenger delivery and read).
/// </summary>
internal sealed record DeliveryStatus(DeliveryState State, string? MessageId, DateTimeOffset? Watermark, IReadOnlyList<string> MessageIds);
