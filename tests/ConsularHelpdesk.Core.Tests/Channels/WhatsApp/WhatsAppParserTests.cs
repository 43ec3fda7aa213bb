using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ConsularHelpdesk.Channels.WhatsApp;

public sealed class WhatsAppParserTests
{
    private const string PhoneNumberId = "106540352242922";
    private const string DisplayPhoneNumber = "15550783881";
    private const string CitizenWaId = "16505551234";
    private const string MessageId = "wamid.HBgLMTY1MDUwNzY1MjAVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    private const string OurMessageId = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WhatsAppParser _parser = new(new FakeTimeProvider(Now));

    public static TheoryData<string> FixtureNames => Fixtures.Names("whatsapp");

    public static TheoryData<string> MalformedBodies => ParserContract.MalformedBodies;

    [Fact]
    public void Channel_is_WhatsApp() => _parser.Channel.Should().Be(ChannelKind.WhatsApp);

    [Fact]
    public void Text_message_comes_from_the_citizen_to_our_phone_number()
    {
        var activity = ParseSingle("text");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.Channel.Should().Be(ChannelKind.WhatsApp);
        activity.ContentKind.Should().Be(ContentKinds.Text);
        activity.Text.Should().Be("Hello, I need a passport appointment.");
        activity.From.Should().Be(new ChannelAccount(CitizenWaId, "Ana Silva", CitizenWaId));
        activity.Recipient.Should().Be(new ChannelAccount(PhoneNumberId, null, DisplayPhoneNumber));
        activity.ChannelMessageId.Should().Be(MessageId);
        activity.Attachments.Should().BeEmpty();
        activity.Errors.Should().BeEmpty();
        activity.ReplyToId.Should().BeNull();
        activity.Referral.Should().BeNull();
        activity.IsEcho.Should().BeFalse();
    }

    [Fact]
    public void Timestamp_is_read_as_unix_seconds()
    {
        ParseSingle("text").Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1739321024));
    }

    [Fact]
    public void Raw_json_is_the_message_item_alone()
    {
        var raw = JsonDocument.Parse(ParseSingle("text").RawJson).RootElement;

        raw.GetProperty("id").GetString().Should().Be(MessageId);
        raw.TryGetProperty("metadata", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("image", "1003383421387256", "image/jpeg", "My passport page", null, "rVBThXkV2k0OQ7pKrVDd6WeVxaaEu0kSJbbsiWbDPaw=")]
    [InlineData("audio", "1139254567810125", "audio/ogg; codecs=opus", null, null, "hVZtw0bcjqK3AUOKwjL5NJ0FUe8V7OG1pQ8b+O2Z5ho=")]
    [InlineData("video", "1166846181421424", "video/mp4", "The queue outside", null, "ZOP3uT3Yi5CNkSyBBJZSSDuC5DWDg2WyMbeJDi3gLQs=")]
    [InlineData("document", "1288329955767590", "application/pdf", "Birth certificate", "birth-certificate.pdf", "FuUClJ7yK2NaxwZ3f0wBH7VlLYJxB7VfCQPUX9YlYzQ=")]
    [InlineData("sticker", "1084541363359302", "image/webp", null, null, "hF0bRHZqN7FKZQX6u4tjWyAqPpY3u6f9hVXXqYyC2Vw=")]
    public void Media_message_carries_one_attachment_with_its_media_id_and_caption_as_text(
        string kind, string mediaId, string mimeType, string? caption, string? fileName, string sha256)
    {
        var activity = ParseSingle(kind);

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(kind);
        activity.Text.Should().Be(caption);
        activity.Attachments.Should().ContainSingle().Which.Should().Be(
            new ChannelAttachment(kind, mimeType, mediaId, Url: null, fileName, caption, sha256));
    }

    [Fact]
    public void Location_message_gives_coordinates_name_and_address()
    {
        var activity = ParseSingle("location");

        activity.ContentKind.Should().Be(ContentKinds.Location);
        activity.Location.Should().Be(new GeoPoint(37.483253479004, -122.14960479736, "Main Office", "1 Hacker Way, Menlo Park, CA 94025"));
        activity.Attachments.Should().BeEmpty();
    }

    [Fact]
    public void Shared_contacts_give_a_readable_summary_and_one_attachment_per_card()
    {
        var activity = ParseSingle("contacts");

        activity.ContentKind.Should().Be(ContentKinds.Contacts);
        activity.Text.Should().Be("Barbara J. Johnson (+1 (650) 555-1234, +1 (650) 555-5678); Jo Doe");
        activity.Attachments.Should().HaveCount(2);
        activity.Attachments[0].ContentKind.Should().Be(ContentKinds.Contacts);
        activity.Attachments[0].ContentType.Should().Be("application/json");
        activity.Attachments[0].Name.Should().Be("Barbara J. Johnson");
        JsonDocument.Parse(activity.Attachments[0].Content!).RootElement.GetProperty("birthday").GetString().Should().Be("1999-01-23");
        activity.Attachments[1].Name.Should().Be("Jo Doe");
    }

    [Fact]
    public void Interactive_button_reply_gives_title_as_text_and_id_as_payload()
    {
        var activity = ParseSingle("interactive_button_reply");

        activity.ContentKind.Should().Be(ContentKinds.Interactive);
        activity.Text.Should().Be("Confirm");
        activity.Payload.Should().Be("confirm-appointment");
        activity.ReplyToId.Should().Be("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
    }

    [Fact]
    public void Interactive_list_reply_gives_title_as_text_and_id_as_payload()
    {
        var activity = ParseSingle("interactive_list_reply");

        activity.ContentKind.Should().Be(ContentKinds.Interactive);
        activity.Text.Should().Be("Passport");
        activity.Payload.Should().Be("service-passport");
    }

    [Fact]
    public void Flow_reply_gives_its_body_as_text_and_response_json_as_payload()
    {
        var activity = ParseSingleMessage("""
            {"from":"16505551234","id":"wamid.flow","timestamp":"1739321024","type":"interactive",
             "interactive":{"type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent","response_json":"{\"date\":\"2026-04-01\"}"}}}
            """);

        activity.ContentKind.Should().Be(ContentKinds.Interactive);
        activity.Text.Should().Be("Sent");
        activity.Payload.Should().Be("""{"date":"2026-04-01"}""");
    }

    [Fact]
    public void Unknown_interactive_reply_is_unsupported()
    {
        var activity = ParseSingleMessage("""
            {"from":"16505551234","id":"wamid.x","timestamp":"1739321024","type":"interactive","interactive":{"type":"poll_reply","poll_reply":{}}}
            """);

        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Text.Should().Contain("poll_reply");
    }

    [Fact]
    public void Template_quick_reply_button_gives_text_and_payload()
    {
        var activity = ParseSingle("button");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(ContentKinds.Button);
        activity.Text.Should().Be("Reschedule");
        activity.Payload.Should().Be("RESCHEDULE");
        activity.ReplyToId.Should().Be("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI0RkI5QjE0RjZBNjU2QzY1NEYA");
    }

    [Fact]
    public void Reaction_targets_the_reacted_message_with_its_emoji()
    {
        var activity = ParseSingle("reaction");

        activity.Type.Should().Be(ActivityTypes.MessageReaction);
        activity.ReplyToId.Should().Be("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBIyRUFCMjMxNzRGNEFCRTk0RTIA");
        activity.Reaction.Should().Be("\U0001F44D");
        activity.ChannelMessageId.Should().Be(MessageId);
        activity.From.Id.Should().Be(CitizenWaId);
    }

    [Fact]
    public void Reaction_with_empty_emoji_is_a_removed_reaction()
    {
        var activity = ParseSingle("reaction_removed");

        activity.Type.Should().Be(ActivityTypes.MessageReaction);
        activity.ReplyToId.Should().Be("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBIyRUFCMjMxNzRGNEFCRTk0RTIA");
        activity.Reaction.Should().BeNull();
    }

    [Fact]
    public void Edit_names_the_original_message_and_carries_the_new_text()
    {
        var activity = ParseSingle("edit");

        activity.Type.Should().Be(ActivityTypes.MessageEdit);
        activity.ReplyToId.Should().Be("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBIyRUFCMjMxNzRGNEFCRTk0RTIA", "the edited message, not the one it answered");
        activity.Text.Should().Be("I lost my passport in Ghent, not Gent.");
        activity.ContentKind.Should().Be(ContentKinds.Text);
        activity.From.Id.Should().Be(CitizenWaId);
    }

    [Fact]
    public void Edit_of_a_media_message_carries_its_new_caption()
    {
        var activity = ParseSingle("edit_caption");

        activity.Type.Should().Be(ActivityTypes.MessageEdit);
        activity.ContentKind.Should().Be(ContentKinds.Image);
        activity.Text.Should().Be("The police report, page 2");
    }

    [Fact]
    public void Reply_keeps_the_id_of_the_message_it_answers()
    {
        var activity = ParseSingle("reply_context");

        activity.Text.Should().Be("Yes, that date works");
        activity.ReplyToId.Should().Be("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI3QkNEOEE5QjA1QzE2RjJFNjIA");
    }

    [Fact]
    public void Click_to_WhatsApp_referral_is_kept_compact()
    {
        var activity = ParseSingle("referral");

        activity.Text.Should().Be("Hi, I saw your ad about visa appointments");
        activity.Referral.Should().Be(
            "source_type=ad; source_id=120226305854810726; source_url=https://fb.me/2ZulEu42P; headline=Book your visa appointment");
    }

    [Fact]
    public void Unsupported_message_names_the_type_and_keeps_its_errors()
    {
        var activity = ParseSingle("unsupported");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Text.Should().Be("Unsupported WhatsApp message type: poll_update");
        activity.Errors.Should().ContainSingle().Which.Should().Be(
            new ChannelError(131051, "Message type unknown", "Message type unknown", "Message type is currently not supported."));
        activity.ChannelMessageId.Should().Be(MessageId);
    }

    [Fact]
    public void Unknown_message_type_is_kept_as_unsupported_with_its_raw_json()
    {
        var activity = ParseSingle("unknown_type");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Text.Should().Be("Unsupported WhatsApp message type: order");
        activity.From.Id.Should().Be(CitizenWaId);
        JsonDocument.Parse(activity.RawJson).RootElement.GetProperty("order").GetProperty("catalog_id").GetString()
            .Should().Be("194836987003835");
    }

    [Theory]
    [InlineData("system_user_changed_number")]
    [InlineData("system_customer_identity_changed")]
    public void System_message_is_an_event_that_names_no_citizen(string fixture)
    {
        var activity = ParseSingle(fixture);

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.WhatsAppSystem);
        activity.WebhookObject.Should().Be(WhatsAppParser.WebhookObject);
        activity.WebhookField.Should().Be("messages");
        activity.EntryId.Should().Be("102290129340398");
        activity.From.Id.Should().Be(PhoneNumberId);
        activity.Recipient.Id.Should().Be(PhoneNumberId);
        activity.Text.Should().BeNull();
        activity.ChannelMessageId.Should().BeNull();
        activity.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1739321024));
    }

    [Fact]
    public void Message_of_a_new_media_type_from_a_citizen_stays_an_unsupported_message()
    {
        var activity = ParseSingleMessage("""{"from":"16505551234","id":"wamid.x","timestamp":"1739321024","type":"hologram","hologram":{"id":"1"}}""");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Text.Should().Be("Unsupported WhatsApp message type: hologram");
        activity.From.Id.Should().Be(CitizenWaId);
    }

    [Fact]
    public void Message_without_a_type_is_unsupported()
    {
        var activity = ParseSingleMessage("""{"from":"16505551234","id":"wamid.x","timestamp":"1739321024"}""");

        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Text.Should().Be("Unsupported WhatsApp message");
    }

    [Fact]
    public void Hidden_phone_number_keys_the_contact_by_business_scoped_user_id()
    {
        var activity = ParseSingle("hidden_phone_number");

        activity.From.Should().Be(new ChannelAccount("US.13491208655302741918", "Sam", PhoneNumber: null));
        activity.Text.Should().Be("Where is my visa?");
    }

    [Fact]
    public void Phone_number_wins_as_key_when_both_identifiers_are_present()
    {
        var activity = ParseSingleMessage(
            """{"from":"16505551234","from_user_id":"US.1","id":"wamid.x","timestamp":"1739321024","type":"text","text":{"body":"hi"}}""",
            """[{"profile":{"name":"Ana"},"wa_id":"16505551234","user_id":"US.1"}]""");

        activity.From.Should().Be(new ChannelAccount(CitizenWaId, "Ana", CitizenWaId));
    }

    [Fact]
    public void Contact_name_is_matched_by_user_id_when_the_contact_has_no_wa_id()
    {
        var activity = ParseSingleMessage(
            """{"from_user_id":"US.2","id":"wamid.x","timestamp":"1739321024","type":"text","text":{"body":"hi"}}""",
            """[{"profile":{"name":"Other"},"wa_id":"15550000000"},{"profile":{"name":"Hidden"},"user_id":"US.2"}]""");

        activity.From.Should().Be(new ChannelAccount("US.2", "Hidden"));
    }

    [Fact]
    public void Message_id_need_not_start_with_wamid()
    {
        ParseSingle("hidden_phone_number").ChannelMessageId.Should().Be("ABGGFlA5FpafAgo6EhsIAdlSDwZTKewmZ0Eo");
    }

    [Theory]
    [InlineData("status_sent", nameof(DeliveryState.Sent))]
    [InlineData("status_delivered", nameof(DeliveryState.Delivered))]
    [InlineData("status_read", nameof(DeliveryState.Read))]
    public void Status_goes_from_our_phone_number_to_the_citizen(string fixture, string state)
    {
        var activity = ParseSingle(fixture);

        activity.Type.Should().Be(ActivityTypes.MessageStatus);
        activity.From.Should().Be(new ChannelAccount(PhoneNumberId, null, DisplayPhoneNumber));
        activity.Recipient.Should().Be(new ChannelAccount(CitizenWaId, null, CitizenWaId));
        activity.Status!.State.Should().Be(Enum.Parse<DeliveryState>(state));
        activity.Status.MessageId.Should().Be(OurMessageId);
        activity.Status.Watermark.Should().BeNull();
        activity.Status.MessageIds.Should().BeEmpty();
        activity.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1739321200));
        activity.Errors.Should().BeEmpty();
        JsonDocument.Parse(activity.RawJson).RootElement.GetProperty("status").GetString().Should().NotBeNull();
    }

    [Fact]
    public void Failed_status_carries_its_errors()
    {
        var activity = ParseSingle("status_failed");

        activity.Status!.State.Should().Be(DeliveryState.Failed);
        activity.Errors.Should().ContainSingle().Which.Should().Be(new ChannelError(
            131047,
            "Re-engagement message",
            "Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));
    }

    [Fact]
    public void Status_for_a_hidden_phone_number_keys_the_citizen_by_recipient_user_id()
    {
        var activity = ParseSingle("status_hidden_phone_number");

        activity.Recipient.Should().Be(new ChannelAccount("US.13491208655302741918", "Sam", PhoneNumber: null));
    }

    [Fact]
    public void Unknown_status_is_kept_with_unknown_state()
    {
        var activity = ParseSingleStatus("""{"id":"wamid.x","status":"deleted","timestamp":"1739321200","recipient_id":"16505551234"}""");

        activity.Type.Should().Be(ActivityTypes.MessageStatus);
        activity.Status!.State.Should().Be(DeliveryState.Unknown);
    }

    [Fact]
    public void Value_errors_become_error_activities_on_our_phone_number()
    {
        var activity = ParseSingle("value_errors");

        activity.Type.Should().Be(ActivityTypes.Error);
        activity.From.Id.Should().Be(PhoneNumberId);
        activity.Recipient.Id.Should().Be(PhoneNumberId);
        activity.Timestamp.Should().Be(Now);
        activity.Errors.Should().ContainSingle().Which.Should().Be(new ChannelError(
            130501,
            "Recipient phone number not in allowed list",
            "Recipient phone number not in allowed list",
            "Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again."));
        JsonDocument.Parse(activity.RawJson).RootElement.GetProperty("code").GetInt32().Should().Be(130501);
    }

    [Theory]
    [InlineData("other_field", "message_template_status_update")]
    [InlineData("template_status_rejected", "message_template_status_update")]
    [InlineData("phone_number_quality_update", "phone_number_quality_update")]
    [InlineData("account_update", "account_update")]
    [InlineData("business_capability_update", "business_capability_update")]
    public void Change_of_another_field_is_an_event_named_by_the_field_never_a_message(string fixture, string field)
    {
        var activity = ParseSingle(fixture);

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(field);
        activity.WebhookField.Should().Be(field);
        activity.WebhookObject.Should().Be("whatsapp_business_account");
        activity.EntryId.Should().Be("102290129340398");
        activity.Text.Should().BeNull();
        activity.Timestamp.Should().Be(Now);
        JsonDocument.Parse(activity.RawJson).RootElement.GetProperty("field").GetString().Should().Be(field);
    }

    [Theory]
    [InlineData("""{"object":"page","entry":[{"id":"200000000000001","time":1739321000000,"messaging":[{"sender":{"id":"7000000000000001"},"recipient":{"id":"200000000000001"},"timestamp":1739321000000,"message":{"mid":"m_1","text":"hi"}}]}]}""", "page")]
    [InlineData("""{"object":"instagram","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"x","type":"text","text":{"body":"hi"}}]}}]}]}""", "instagram")]
    [InlineData("""{"entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"x","type":"text","text":{"body":"hi"}}]}}]}]}""", null)]
    public void Body_of_another_object_is_one_unexpected_object_event(string body, string? webhookObject)
    {
        var activity = _parser.Parse(Fixtures.Utf8(body)).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.UnexpectedObject);
        activity.WebhookObject.Should().Be(webhookObject);
    }

    [Fact]
    public void Entry_without_changes_is_an_empty_entry_event()
    {
        var activity = _parser.Parse(Fixtures.Utf8("""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1739321000}]}""")).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.EmptyEntry);
        activity.EntryId.Should().Be("102290129340398");
    }

    [Fact]
    public void Messages_and_statuses_carry_the_entry_object_and_field_they_came_in()
    {
        var activities = _parser.Parse(Fixtures.Read("whatsapp", "batch"));

        activities.Should().OnlyContain(a => a.WebhookObject == "whatsapp_business_account" && a.WebhookField == "messages" && a.EntryId!.Length > 0);
    }

    [Fact]
    public void Several_entries_changes_messages_and_statuses_give_all_activities_in_order()
    {
        var activities = _parser.Parse(Fixtures.Read("whatsapp", "batch"));

        activities.Select(a => (a.Type, a.Text ?? a.Status!.MessageId)).Should().Equal(
            (ActivityTypes.Message, "first"),
            (ActivityTypes.Message, "second"),
            (ActivityTypes.MessageStatus, "wamid.ours1"),
            (ActivityTypes.MessageStatus, "wamid.ours2"),
            (ActivityTypes.Message, "third"));
        activities[1].From.Should().Be(new ChannelAccount("351912345678", "Bruno Costa", "351912345678"));
        activities[3].Recipient.Id.Should().Be("351912345678");
        activities[4].Recipient.Should().Be(new ChannelAccount("200000000000001", null, "15550001111"));
        activities.Select(a => a.Timestamp.ToUnixTimeSeconds()).Should().BeInAscendingOrder();
    }

    [Fact]
    public void Body_without_entries_is_a_no_entries_event()
    {
        var activity = _parser.Parse(Fixtures.Utf8("""{"object":"whatsapp_business_account"}""")).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.NoEntries);
        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.RawJson.Should().Be("""{"object":"whatsapp_business_account"}""");
    }

    [Fact]
    public void Messages_change_with_nothing_we_know_is_an_empty_change_event()
    {
        var activity = _parser.Parse(Fixtures.Utf8("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp"}}]}]}
            """)).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.EmptyChange);
        activity.WebhookField.Should().Be("messages");

        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
    }

    [Fact]
    public void Odd_values_do_not_throw()
    {
        var activities = _parser.Parse(Fixtures.Utf8("""
            {"object":"whatsapp_business_account","entry":[7,{"id":"1","changes":[{"field":"messages","value":{"messages":["x",
             {"from":16505551234,"id":"wamid.x","timestamp":"soon","type":"location","location":{"latitude":"1.5","longitude":null}}]}}]}]}
            """));

        activities.Should().HaveCount(3);
        activities[0].Name.Should().Be(EventNames.EmptyEntry);
        activities[1].ContentKind.Should().Be(ContentKinds.Unsupported);
        activities[2].From.Id.Should().Be(CitizenWaId);
        activities[2].Timestamp.Should().Be(Now);
        activities[2].Location.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Malformed_body_throws_without_quoting_it(string body) => ParserContract.Rejects(_parser, body);

    [Fact]
    public void Text_with_a_cut_emoji_is_kept_escaped()
    {
        var activity = ParseSingleMessage("""
            {"from":"16505551234","id":"wamid.x","timestamp":"1739321024","type":"text","text":{"body":"Thanks \ud83d"}}
            """);

        activity.Text.Should().Be("Thanks \\ud83d");
    }

    [Fact]
    public void Invalid_utf8_throws() => ParserContract.RejectsInvalidUtf8(_parser);

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Every_fixture_parses_into_at_least_one_activity(string fixture)
    {
        var activities = _parser.Parse(Fixtures.Read("whatsapp", fixture));

        activities.Should().NotBeEmpty();
        activities.Should().AllSatisfy(a =>
        {
            a.Channel.Should().Be(ChannelKind.WhatsApp);
            a.RawJson.Should().NotBeNullOrWhiteSpace();
        });
    }

    private ChannelActivity ParseSingle(string fixture) =>
        _parser.Parse(Fixtures.Read("whatsapp", fixture)).Should().ContainSingle().Subject;

    private ChannelActivity ParseSingleMessage(string message, string contacts = "[]") => ParseSingleValue($"\"contacts\":{contacts},\"messages\":[{message}]");

    private ChannelActivity ParseSingleStatus(string status) => ParseSingleValue($"\"statuses\":[{status}]");

    private ChannelActivity ParseSingleValue(string members) =>
        _parser.Parse(Fixtures.Utf8($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":
              {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},{{{members}}}}}]}]}
            """)).Should().ContainSingle().Subject;
}
