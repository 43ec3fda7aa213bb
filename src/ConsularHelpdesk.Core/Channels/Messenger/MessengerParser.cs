using System.Text.Json;

namespace ConsularHelpdesk.Channels.Messenger;

/// <summary>Parses Messenger Platform webhooks (<c>object: page</c>), including the handover protocol's standby channel.</summary>
internal sealed class MessengerParser : IChannelParser
{
    // The events we read, in the order we look for them: an item may carry more than one key (a message with prior_message).
    private static readonly string[] Events = ["message", "postback", "reaction", "message_edit", "delivery", "read", "referral"];

    private readonly TimeProvider _time;

    public MessengerParser()
        : this(TimeProvider.System)
    {
    }

    /// <param name="timeProvider">Dates the items Meta sends without a timestamp.</param>
    public MessengerParser(TimeProvider timeProvider) => _time = timeProvider;

    public ChannelKind Channel => ChannelKind.Messenger;

    /// <summary>The <c>object</c> of the bodies this webhook receives.</summary>
    public const string WebhookObject = "page";

    public IReadOnlyList<ChannelActivity> Parse(ReadOnlySpan<byte> body)
    {
        using var document = MetaJson.Parse(body);
        var root = document.RootElement;
        var received = _time.GetUtcNow();
        var activities = new List<ChannelActivity>();

        // A body of another object (a WhatsApp account's, an Instagram one) names no Messenger citizen: an event, never a message.
        var webhookObject = root.Str("object");
        if (webhookObject != WebhookObject)
        {
            activities.Add(Event(root, webhookObject, null, string.Empty, received, EventNames.UnexpectedObject));
            return activities;
        }

        if (!root.IsArray("entry"))
        {
            activities.Add(Event(root, webhookObject, null, string.Empty, received, EventNames.NoEntries));
            return activities;
        }

        foreach (var entry in root.Items("entry"))
        {
            var page = new ChannelAccount(entry.Str("id") ?? string.Empty);
            var time = entry.UnixMilliseconds("time") ?? received;

            // Page subscriptions other than messaging (feed, mention, …) come as changes: about the page, never a message.
            foreach (var change in entry.Items("changes"))
            {
                var field = change.Str("field");
                activities.Add(Event(change, webhookObject, field, page.Id, time, field is { Length: > 0 } ? field : EventNames.EmptyEntry));
            }

            if (!entry.IsArray("messaging") && !entry.IsArray("standby"))
            {
                if (!entry.IsArray("changes"))
                {
                    activities.Add(Event(entry, webhookObject, null, page.Id, time, EventNames.EmptyEntry));
                }

                continue;
            }

            activities.AddRange(entry.Items("messaging").Select(item => ParseItem(item, page, time, isStandby: false) with { WebhookObject = webhookObject, EntryId = page.Id }));
            activities.AddRange(entry.Items("standby").Select(item => ParseItem(item, page, time, isStandby: true) with { WebhookObject = webhookObject, EntryId = page.Id }));
        }

        return activities;
    }

    private static ChannelActivity Event(JsonElement item, string? webhookObject, string? field, string pageId, DateTimeOffset timestamp, string name) => new()
    {
        Type = ActivityTypes.Event,
        Channel = ChannelKind.Messenger,
        Name = name,
        WebhookObject = webhookObject,
        WebhookField = field,
        EntryId = pageId,
        From = new ChannelAccount(pageId),
        Recipient = new ChannelAccount(pageId),
        ContentKind = ContentKinds.Unsupported,
        Timestamp = timestamp,
        RawJson = item.GetRawText(),
    };

    private static ChannelActivity ParseItem(JsonElement item, ChannelAccount page, DateTimeOffset entryTime, bool isStandby)
    {
        var activity = Base(item, page, entryTime, isStandby);
        var name = Array.Find(Events, e => item.Prop(e).ValueKind == JsonValueKind.Object);
        var content = item.Prop(name ?? string.Empty);
        return name switch
        {
            "message" => Message(activity, content),
            "postback" => activity with
            {
                ContentKind = ContentKinds.Postback,
                Text = content.Str("title"),
                Payload = content.Str("payload"),
                ChannelMessageId = content.Str("mid"),
                Referral = Referral(content.Prop("referral")),
            },
            "reaction" => activity with
            {
                Type = ActivityTypes.MessageReaction,
                ReplyToId = content.Str("mid"),
                Reaction = content.Str("action") == "unreact" ? null : content.Str("emoji") ?? content.Str("reaction"),
            },
            // The citizen edited a message: its mid and the new text (num_edit counts the edits).
            "message_edit" => activity with
            {
                Type = ActivityTypes.MessageEdit,
                ReplyToId = content.Str("mid"),
                Text = content.Str("text"),
            },
            "delivery" => Status(activity, DeliveryState.Delivered, content),
            "read" => Status(activity, DeliveryState.Read, content),
            "referral" => activity with { ContentKind = ContentKinds.Referral, Referral = Referral(content) },
            // Handover (pass/take/request_thread_control), optin, account_linking, messaging_feedback, policy_enforcement,
            // app_roles, game_play, …: about the thread or the page, never something the citizen wrote, so an event that
            // is counted and creates no contact or conversation.
            _ => ItemEvent(item, activity, page.Id, isStandby),
        };
    }

    // From and Recipient are the page: the event names no citizen, and its raw JSON stays out of every thread.
    private static ChannelActivity ItemEvent(JsonElement item, ChannelActivity activity, string pageId, bool isStandby) =>
        Event(item, null, null, pageId, activity.Timestamp, FirstEventName(item) is { } key
            ? EventNames.MessengerItem(isStandby ? "standby" : "messaging", key)
            : EventNames.EmptyItem) with { IsStandby = isStandby };

    private static ChannelActivity Message(ChannelActivity activity, JsonElement message)
    {
        var attachments = message.Items("attachments").ToList();
        var quickReply = message.Prop("quick_reply");
        var text = message.Str("text");
        var kind = quickReply.ValueKind == JsonValueKind.Object ? ContentKinds.QuickReply
            : attachments.Count > 0 ? AttachmentKind(attachments[0].Str("type"))
            : text is not null && !message.IsTrue("is_unsupported") ? ContentKinds.Text
            : ContentKinds.Unsupported;

        return activity with
        {
            ContentKind = kind,
            Text = kind == ContentKinds.Unsupported && text is null ? "Unsupported Messenger message" : text,
            Attachments = [.. attachments.Select(Attachment)],
            Location = attachments.Select(Location).OfType<GeoPoint>().FirstOrDefault(),
            // An echo carries back the metadata we sent with the message: it tells our own sends from the Page inbox's.
            Payload = quickReply.Str("payload") ?? (message.IsTrue("is_echo") ? message.Str("metadata") : null),
            ReplyToId = message.Prop("reply_to").Str("mid"),
            ChannelMessageId = message.Str("mid"),
            IsEcho = message.IsTrue("is_echo"),
            Referral = Referral(message.Prop("referral")),
        };
    }

    private static string AttachmentKind(string? type) => type switch
    {
        ContentKinds.Image or ContentKinds.Audio or ContentKinds.Video or ContentKinds.File
            or ContentKinds.Location or ContentKinds.Fallback or ContentKinds.Template => type,
        _ => ContentKinds.Unsupported,
    };

    // An unknown attachment type (reel, story_mention, …) keeps its own word: its url is still worth showing.
    private static ChannelAttachment Attachment(JsonElement attachment)
    {
        var payload = attachment.Prop("payload");
        var type = attachment.Str("type");
        return new ChannelAttachment(
            type ?? ContentKinds.Unsupported,
            MediaId: payload.Str("attachment_id"),
            Url: payload.Str("url") ?? attachment.Str("url"),
            Name: attachment.Str("title"),
            Content: type == ContentKinds.Template ? payload.GetRawText() : null);
    }

    private static GeoPoint? Location(JsonElement attachment)
    {
        var coordinates = attachment.Prop("payload").Prop("coordinates");
        return attachment.Str("type") == ContentKinds.Location
            && coordinates.Number("lat") is { } latitude && coordinates.Number("long") is { } longitude
            ? new GeoPoint(latitude, longitude, attachment.Str("title"))
            : null;
    }

    // Delivery and read receipts come from the citizen about our messages: turned round so that,
    // as for WhatsApp statuses, From is the page and Recipient the citizen.
    private static ChannelActivity Status(ChannelActivity activity, DeliveryState state, JsonElement receipt) => activity with
    {
        Type = ActivityTypes.MessageStatus,
        From = activity.Recipient,
        Recipient = activity.From,
        Status = new DeliveryStatus(
            state,
            MessageId: null,
            receipt.UnixMilliseconds("watermark"),
            [.. receipt.Items("mids").Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.AsString())]),
    };

    private static string? Referral(JsonElement referral) => referral.Compact("source", "type", "ref", "ad_id", "referer_uri");

    private static string? FirstEventName(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
            ? item.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("sender" or "recipient" or "timestamp"))
            : null;

    private static ChannelActivity Base(JsonElement item, ChannelAccount page, DateTimeOffset fallbackTime, bool isStandby) => new()
    {
        Type = ActivityTypes.Message,
        Channel = ChannelKind.Messenger,
        From = Account(item.Prop("sender")) ?? page,
        Recipient = Account(item.Prop("recipient")) ?? page,
        Timestamp = item.UnixMilliseconds("timestamp") ?? fallbackTime,
        IsStandby = isStandby,
        RawJson = item.GetRawText(),
    };

    // Checkbox-plugin senders have a user_ref instead of a page-scoped id.
    private static ChannelAccount? Account(JsonElement party) =>
        (party.Str("id") ?? party.Str("user_ref")) is { } id ? new ChannelAccount(id) : null;
}
