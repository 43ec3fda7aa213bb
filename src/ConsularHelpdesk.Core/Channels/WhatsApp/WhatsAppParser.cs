using System.Text.Json;

namespace ConsularHelpdesk.Channels.WhatsApp;

/// <summary>Parses WhatsApp Cloud API webhooks (<c>object: whatsapp_business_account</c>).</summary>
internal sealed class WhatsAppParser : IChannelParser
{
    private readonly TimeProvider _time;

    public WhatsAppParser()
        : this(TimeProvider.System)
    {
    }

    /// <param name="timeProvider">Dates the items Meta sends without a timestamp (value errors, other fields).</param>
    public WhatsAppParser(TimeProvider timeProvider) => _time = timeProvider;

    public ChannelKind Channel => ChannelKind.WhatsApp;

    /// <summary>The <c>object</c> of the bodies this webhook receives.</summary>
    public const string WebhookObject = "whatsapp_business_account";

    public IReadOnlyList<ChannelActivity> Parse(ReadOnlySpan<byte> body)
    {
        using var document = MetaJson.Parse(body);
        var root = document.RootElement;
        var received = _time.GetUtcNow();
        var activities = new List<ChannelActivity>();

        // A body of another object (a page's, posted to this endpoint) names no WhatsApp citizen: an event, never a message.
        var webhookObject = root.Str("object");
        if (webhookObject != WebhookObject)
        {
            activities.Add(Event(root, webhookObject, null, new ChannelAccount(string.Empty), received, EventNames.UnexpectedObject));
            return activities;
        }

        if (!root.IsArray("entry"))
        {
            activities.Add(Event(root, webhookObject, null, new ChannelAccount(string.Empty), received, EventNames.NoEntries));
            return activities;
        }

        foreach (var entry in root.Items("entry"))
        {
            var account = new ChannelAccount(entry.Str("id") ?? string.Empty);
            if (!entry.IsArray("changes"))
            {
                activities.Add(Event(entry, webhookObject, null, account, received, EventNames.EmptyEntry));
                continue;
            }

            foreach (var change in entry.Items("changes"))
            {
                var start = activities.Count;
                ParseChange(change, account, received, activities);
                for (var i = start; i < activities.Count; i++)
                {
                    activities[i] = activities[i] with { WebhookObject = webhookObject, WebhookField = change.Str("field"), EntryId = account.Id };
                }
            }
        }

        return activities;
    }

    private static void ParseChange(JsonElement change, ChannelAccount account, DateTimeOffset received, List<ChannelActivity> into)
    {
        var value = change.Prop("value");
        var field = change.Str("field");
        if (field != "messages")
        {
            // Template status, quality, account and capability updates: about our account, never from a citizen.
            into.Add(Event(change, WebhookObject, field, account, value.UnixSeconds("timestamp") ?? received, field is { Length: > 0 } ? field : EventNames.EmptyChange));
            return;
        }

        if (!(value.IsArray("messages") || value.IsArray("statuses") || value.IsArray("errors")))
        {
            into.Add(Event(change, WebhookObject, field, account, received, EventNames.EmptyChange));
            return;
        }

        var metadata = value.Prop("metadata");
        var business = new ChannelAccount(
            metadata.Str("phone_number_id") ?? account.Id,
            PhoneNumber: metadata.Str("display_phone_number"));
        var contacts = value.Prop("contacts");

        // Walks the value in document order, so that activities keep the order Meta gave them.
        foreach (var property in value.EnumerateObject())
        {
            foreach (var item in property.Value.EnumerateArrayOrEmpty())
            {
                var activity = property.Name switch
                {
                    "messages" => ParseMessage(item, business, contacts, received),
                    "statuses" => ParseStatus(item, business, contacts, received),
                    "errors" => new ChannelActivity
                    {
                        Type = ActivityTypes.Error,
                        Channel = ChannelKind.WhatsApp,
                        From = business,
                        Recipient = business,
                        Timestamp = received,
                        Errors = [Error(item)],
                        RawJson = item.GetRawText(),
                    },
                    _ => null,
                };
                if (activity is not null)
                {
                    into.Add(activity);
                }
            }
        }
    }

    private static ChannelActivity ParseMessage(JsonElement message, ChannelAccount business, JsonElement contacts, DateTimeOffset received)
    {
        var type = message.Str("type");
        var content = message.Prop(type ?? string.Empty);
        var activity = new ChannelActivity
        {
            Type = ActivityTypes.Message,
            Channel = ChannelKind.WhatsApp,
            From = Citizen(message.Str("from"), message.Str("from_user_id"), contacts),
            Recipient = business,
            ContentKind = type ?? ContentKinds.Unsupported,
            Timestamp = message.UnixSeconds("timestamp") ?? received,
            ChannelMessageId = message.Str("id"),
            ReplyToId = message.Prop("context").Str("id"),
            Referral = message.Prop("referral").Compact("source_type", "source_id", "source_url", "headline"),
            Errors = Errors(message),
            RawJson = message.GetRawText(),
        };

        return type switch
        {
            ContentKinds.Text => activity with { Text = content.Str("body") },
            ContentKinds.Image or ContentKinds.Audio or ContentKinds.Video or ContentKinds.Document or ContentKinds.Sticker =>
                activity with { Text = content.Str("caption"), Attachments = [Media(type, content)] },
            ContentKinds.Location => activity with { Location = Location(content) },
            ContentKinds.Contacts => activity with
            {
                Text = ContactsSummary(content),
                Attachments = [.. content.EnumerateArrayOrEmpty().Select(Contact)],
            },
            ContentKinds.Interactive => Interactive(activity, content),
            ContentKinds.Button => activity with { Text = content.Str("text"), Payload = content.Str("payload") },
            "reaction" => activity with
            {
                Type = ActivityTypes.MessageReaction,
                ContentKind = ContentKinds.Text,
                ReplyToId = content.Str("message_id"),
                Reaction = content.Str("emoji") is { Length: > 0 } emoji ? emoji : null,
            },
            // The citizen edited a message (text, or a media's caption): Meta sends it only to Business app numbers
            // (coexistence), and for a while delivered edits as unsupported messages.
            "edit" => Edit(activity, content),
            // WhatsApp's own notice (the citizen changed number, their identity key changed): nothing the citizen wrote,
            // so a counted event, named after the type; it names no citizen and goes into no thread.
            "system" => Event(message, WebhookObject, "messages", business, activity.Timestamp, EventNames.WhatsAppSystem),
            // Meta names what it could not deliver in unsupported.type (poll_update, gif, …).
            "unsupported" => Unsupported(activity, content.Str("type")),
            _ => Unsupported(activity, type),
        };
    }

    private static ChannelActivity Edit(ChannelActivity activity, JsonElement edit)
    {
        var message = edit.Prop("message");
        var type = message.Str("type");
        var content = message.Prop(type ?? string.Empty);
        return activity with
        {
            Type = ActivityTypes.MessageEdit,
            ContentKind = type ?? ContentKinds.Text,
            ReplyToId = edit.Str("original_message_id"),
            Text = type == ContentKinds.Text ? content.Str("body") : content.Str("caption"),
        };
    }

    private static ChannelActivity Interactive(ChannelActivity activity, JsonElement interactive)
    {
        var kind = interactive.Str("type");
        var reply = interactive.Prop(kind ?? string.Empty);
        return kind switch
        {
            "button_reply" or "list_reply" => activity with { Text = reply.Str("title"), Payload = reply.Str("id") },
            // A WhatsApp Flow answer: its body is the shown text, response_json what the citizen filled in.
            "nfm_reply" => activity with { Text = reply.Str("body"), Payload = reply.Str("response_json") },
            _ => Unsupported(activity, $"interactive {kind ?? "none"}"),
        };
    }

    private static ChannelActivity Unsupported(ChannelActivity activity, string? kind) => activity with
    {
        ContentKind = ContentKinds.Unsupported,
        Text = kind is null ? "Unsupported WhatsApp message" : $"Unsupported WhatsApp message type: {kind}",
    };

    private static ChannelActivity ParseStatus(JsonElement status, ChannelAccount business, JsonElement contacts, DateTimeOffset received)
    {
        var state = status.Str("status") switch
        {
            "sent" => DeliveryState.Sent,
            "delivered" => DeliveryState.Delivered,
            "read" => DeliveryState.Read,
            "failed" => DeliveryState.Failed,
            _ => DeliveryState.Unknown,
        };
        return new ChannelActivity
        {
            Type = ActivityTypes.MessageStatus,
            Channel = ChannelKind.WhatsApp,
            From = business,
            Recipient = Citizen(status.Str("recipient_id"), status.Str("recipient_user_id"), contacts),
            Timestamp = status.UnixSeconds("timestamp") ?? received,
            Status = new DeliveryStatus(state, status.Str("id"), Watermark: null, MessageIds: []),
            Errors = Errors(status),
            RawJson = status.GetRawText(),
        };
    }

    /// <summary>
    /// A citizen who hides their number has no wa_id, only a business-scoped user id (<c>US.…</c>);
    /// the phone number wins as key when both are there, so that existing conversations keep their key.
    /// </summary>
    private static ChannelAccount Citizen(string? waId, string? userId, JsonElement contacts)
    {
        var contact = contacts.EnumerateArrayOrEmpty().FirstOrDefault(c =>
            (waId is not null && c.Str("wa_id") == waId) || (userId is not null && c.Str("user_id") == userId));
        return new ChannelAccount(waId ?? userId ?? string.Empty, contact.Prop("profile").Str("name"), waId);
    }

    private static ChannelAttachment Media(string kind, JsonElement media) => new(
        kind,
        ContentType: media.Str("mime_type"),
        MediaId: media.Str("id"),
        Url: media.Str("url"),
        Name: media.Str("filename"),
        Caption: media.Str("caption"),
        Sha256: media.Str("sha256"));

    private static GeoPoint? Location(JsonElement location) =>
        location.Number("latitude") is { } latitude && location.Number("longitude") is { } longitude
            ? new GeoPoint(latitude, longitude, location.Str("name"), location.Str("address"))
            : null;

    private static string ContactName(JsonElement contact)
    {
        var name = contact.Prop("name");
        return name.Str("formatted_name")
            ?? string.Join(' ', new[] { name.Str("first_name"), name.Str("last_name") }.OfType<string>());
    }

    private static string ContactsSummary(JsonElement contacts) => string.Join("; ", contacts.EnumerateArrayOrEmpty().Select(contact =>
    {
        var phones = contact.Items("phones").Select(p => p.Str("phone") ?? p.Str("wa_id")).OfType<string>().ToList();
        return phones.Count == 0 ? ContactName(contact) : $"{ContactName(contact)} ({string.Join(", ", phones)})";
    }));

    private static ChannelAttachment Contact(JsonElement contact) =>
        new(ContentKinds.Contacts, ContentType: "application/json", Name: ContactName(contact), Content: contact.GetRawText());

    private static IReadOnlyList<ChannelError> Errors(JsonElement item) => [.. item.Items("errors").Select(Error)];

    // Older payloads put details at the top, newer ones in error_data.
    private static ChannelError Error(JsonElement error) => new(
        error.Int("code"),
        error.Str("title"),
        error.Str("message"),
        error.Prop("error_data").Str("details") ?? error.Str("details"));

    private static ChannelActivity Event(JsonElement item, string? webhookObject, string? field, ChannelAccount account, DateTimeOffset timestamp, string name) => new()
    {
        Type = ActivityTypes.Event,
        Channel = ChannelKind.WhatsApp,
        Name = name,
        WebhookObject = webhookObject,
        EntryId = account.Id,
        From = account,
        Recipient = account,
        WebhookField = field,
        ContentKind = ContentKinds.Unsupported,
        Timestamp = timestamp,
        RawJson = item.GetRawText(),
    };
}
