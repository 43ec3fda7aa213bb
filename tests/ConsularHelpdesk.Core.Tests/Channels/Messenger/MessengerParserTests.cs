using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace ConsularHelpdesk.Channels.Messenger;

public sealed class MessengerParserTests
{
    private const string PageId = "104233441856002";
    private const string Psid = "7123456789012345";
    private const string Mid = "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P";

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly MessengerParser _parser = new(new FakeTimeProvider(Now));

    public static TheoryData<string> FixtureNames => Fixtures.Names("messenger");

    public static TheoryData<string> MalformedBodies => ParserContract.MalformedBodies;

    [Fact]
    public void Channel_is_Messenger() => _parser.Channel.Should().Be(ChannelKind.Messenger);

    [Fact]
    public void Text_message_comes_from_the_citizen_to_our_page()
    {
        var activity = ParseSingle("text");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.Channel.Should().Be(ChannelKind.Messenger);
        activity.ContentKind.Should().Be(ContentKinds.Text);
        activity.Text.Should().Be("Hello, I lost my passport.");
        activity.From.Should().Be(new ChannelAccount(Psid));
        activity.Recipient.Should().Be(new ChannelAccount(PageId));
        activity.ChannelMessageId.Should().Be(Mid);
        activity.Attachments.Should().BeEmpty();
        activity.IsEcho.Should().BeFalse();
        activity.IsStandby.Should().BeFalse();
        activity.Payload.Should().BeNull();
        activity.ReplyToId.Should().BeNull();
    }

    [Fact]
    public void Timestamp_is_read_as_unix_milliseconds()
    {
        ParseSingle("text").Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321024123));
    }

    [Fact]
    public void Raw_json_is_the_messaging_item_alone()
    {
        var raw = JsonDocument.Parse(ParseSingle("text").RawJson).RootElement;

        raw.GetProperty("message").GetProperty("mid").GetString().Should().Be(Mid);
        raw.TryGetProperty("messaging", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("image", "https://scontent.xx.fbcdn.net/v/t1.15752-9/image.jpg")]
    [InlineData("audio", "https://cdn.fbsbx.com/v/t59.3654-21/audio.mp4")]
    [InlineData("video", "https://video.xx.fbcdn.net/v/t42.3356-2/video.mp4")]
    [InlineData("file", "https://cdn.fbsbx.com/v/t59.2708-21/form.pdf")]
    public void Media_attachment_keeps_its_url(string kind, string url)
    {
        var activity = ParseSingle(kind);

        activity.ContentKind.Should().Be(kind);
        activity.Text.Should().BeNull();
        activity.Attachments.Should().ContainSingle().Which.Should().Be(new ChannelAttachment(kind, Url: url));
    }

    [Fact]
    public void Location_attachment_gives_coordinates()
    {
        var activity = ParseSingle("location");

        activity.ContentKind.Should().Be(ContentKinds.Location);
        activity.Location.Should().Be(new GeoPoint(38.7223, -9.1393, "Ana's Location"));
        activity.Attachments.Should().ContainSingle().Which.ContentKind.Should().Be(ContentKinds.Location);
    }

    [Fact]
    public void Fallback_attachment_keeps_text_title_and_url()
    {
        var activity = ParseSingle("fallback");

        activity.ContentKind.Should().Be(ContentKinds.Fallback);
        activity.Text.Should().Be("https://www.example.gov/visa");
        activity.Attachments.Should().ContainSingle().Which.Should().Be(
            new ChannelAttachment(ContentKinds.Fallback, Url: "https://www.example.gov/visa", Name: "Visa information"));
    }

    [Fact]
    public void Template_attachment_keeps_its_payload_as_content()
    {
        var activity = ParseSingle("template");

        activity.ContentKind.Should().Be(ContentKinds.Template);
        var attachment = activity.Attachments.Should().ContainSingle().Subject;
        attachment.ContentKind.Should().Be(ContentKinds.Template);
        JsonDocument.Parse(attachment.Content!).RootElement.GetProperty("template_type").GetString().Should().Be("generic");
    }

    [Fact]
    public void Unknown_attachment_type_keeps_its_word_and_url_and_makes_the_message_unsupported()
    {
        var activity = ParseSingleItem("""
            {"sender":{"id":"7123456789012345"},"recipient":{"id":"104233441856002"},"timestamp":1739321024123,
             "message":{"mid":"m_1","attachments":[{"type":"reel","payload":{"url":"https://www.facebook.com/reel/1","reel_video_id":1}}]}}
            """);

        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Attachments.Should().ContainSingle().Which.Should().Be(new ChannelAttachment("reel", Url: "https://www.facebook.com/reel/1"));
    }

    [Fact]
    public void Quick_reply_gives_text_and_payload()
    {
        var activity = ParseSingle("quick_reply");

        activity.ContentKind.Should().Be(ContentKinds.QuickReply);
        activity.Text.Should().Be("Passport");
        activity.Payload.Should().Be("SERVICE_PASSPORT");
    }

    [Fact]
    public void Postback_gives_title_payload_and_referral()
    {
        var activity = ParseSingle("postback");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(ContentKinds.Postback);
        activity.Text.Should().Be("Get Started");
        activity.Payload.Should().Be("GET_STARTED");
        activity.ChannelMessageId.Should().Be("m_postback1");
        activity.Referral.Should().Be("source=SHORTLINK; type=OPEN_THREAD; ref=consulate-lisbon");
        activity.From.Id.Should().Be(Psid);
    }

    [Fact]
    public void Reply_keeps_the_mid_of_the_message_it_answers()
    {
        var activity = ParseSingle("reply_to");

        activity.Text.Should().Be("Is this still valid?");
        activity.ReplyToId.Should().Be("m_earlier_message_of_ours");
    }

    [Fact]
    public void Reaction_targets_the_reacted_message_with_its_emoji()
    {
        var activity = ParseSingle("reaction");

        activity.Type.Should().Be(ActivityTypes.MessageReaction);
        activity.ReplyToId.Should().Be("m_reacted_message");
        activity.Reaction.Should().Be("\u2764\ufe0f");
        activity.From.Id.Should().Be(Psid);
    }

    [Fact]
    public void Unreact_is_a_removed_reaction()
    {
        var activity = ParseSingle("unreact");

        activity.Type.Should().Be(ActivityTypes.MessageReaction);
        activity.ReplyToId.Should().Be("m_reacted_message");
        activity.Reaction.Should().BeNull();
    }

    [Fact]
    public void Delivery_is_a_delivered_status_with_watermark_and_mids_from_our_page_to_the_citizen()
    {
        var activity = ParseSingle("delivery");

        activity.Type.Should().Be(ActivityTypes.MessageStatus);
        activity.From.Should().Be(new ChannelAccount(PageId));
        activity.Recipient.Should().Be(new ChannelAccount(Psid));
        activity.Status!.State.Should().Be(DeliveryState.Delivered);
        activity.Status.MessageId.Should().BeNull();
        activity.Status.Watermark.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321000000));
        activity.Status.MessageIds.Should().Equal("m_ours_1", "m_ours_2");
    }

    [Fact]
    public void Read_is_a_read_status_up_to_its_watermark()
    {
        var activity = ParseSingle("read");

        activity.Type.Should().Be(ActivityTypes.MessageStatus);
        activity.From.Id.Should().Be(PageId);
        activity.Recipient.Id.Should().Be(Psid);
        activity.Status!.State.Should().Be(DeliveryState.Read);
        activity.Status.Watermark.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321010000));
        activity.Status.MessageIds.Should().BeEmpty();
    }

    [Fact]
    public void Echo_comes_from_our_page_to_the_citizen()
    {
        var activity = ParseSingle("echo");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.IsEcho.Should().BeTrue();
        activity.From.Should().Be(new ChannelAccount(PageId));
        activity.Recipient.Should().Be(new ChannelAccount(Psid));
        activity.Text.Should().Be("Your appointment is confirmed.");
        activity.ChannelMessageId.Should().Be("m_echo1");
    }

    [Fact]
    public void Standby_item_is_parsed_like_a_messaging_item_and_marked_standby()
    {
        var activity = ParseSingle("standby");

        activity.IsStandby.Should().BeTrue();
        activity.ContentKind.Should().Be(ContentKinds.Text);
        activity.Text.Should().Be("Are you there?");
        activity.From.Id.Should().Be(Psid);
    }

    [Fact]
    public void Referral_event_is_kept_compact()
    {
        var activity = ParseSingle("referral");

        activity.Type.Should().Be(ActivityTypes.Message);
        activity.ContentKind.Should().Be(ContentKinds.Referral);
        activity.Referral.Should().Be("source=ADS; type=OPEN_THREAD; ref=visa-campaign; ad_id=6045246247433");
    }

    [Theory]
    [InlineData("pass_thread_control", "messaging.pass_thread_control")]
    [InlineData("take_thread_control", "messaging.take_thread_control")]
    [InlineData("request_thread_control", "messaging.request_thread_control")]
    [InlineData("standby_take_thread_control", "standby.take_thread_control")]
    [InlineData("optin", "messaging.optin")]
    [InlineData("account_linking", "messaging.account_linking")]
    [InlineData("messaging_feedback", "messaging.messaging_feedback")]
    [InlineData("policy_enforcement", "messaging.policy_enforcement")]
    [InlineData("app_roles", "messaging.app_roles")]
    [InlineData("game_play", "messaging.game_play")]
    public void Messaging_item_that_is_no_message_is_an_event_named_after_it_that_names_no_citizen(string fixture, string name)
    {
        var activity = ParseSingle(fixture);

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(name);
        activity.WebhookObject.Should().Be(MessengerParser.WebhookObject);
        activity.EntryId.Should().Be(PageId);
        activity.From.Should().Be(new ChannelAccount(PageId));
        activity.Recipient.Should().Be(new ChannelAccount(PageId));
        activity.Text.Should().BeNull();
        activity.ChannelMessageId.Should().BeNull();
        activity.IsStandby.Should().Be(fixture.StartsWith("standby", StringComparison.Ordinal));
        activity.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321024123));
    }

    [Fact]
    public void Message_edit_names_the_edited_message_and_carries_the_new_text()
    {
        var activity = ParseSingle("message_edit");

        activity.Type.Should().Be(ActivityTypes.MessageEdit);
        activity.ReplyToId.Should().Be("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P");
        activity.Text.Should().Be("Hello, I lost my passport in Ghent.");
        activity.From.Id.Should().Be("7123456789012345");
        activity.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321024123));
    }

    [Fact]
    public void Messaging_item_with_nothing_but_sender_and_recipient_is_an_empty_item_event()
    {
        var activity = _parser.Parse(Fixtures.Utf8($$"""
            {"object":"page","entry":[{"id":"{{PageId}}","messaging":[{"sender":{"id":"{{Psid}}"},"recipient":{"id":"{{PageId}}"},"timestamp":1739321024123}]}]}
            """)).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.EmptyItem);
        activity.From.Id.Should().Be(PageId);
    }

    [Fact]
    public void Message_Meta_marks_unsupported_is_unsupported()
    {
        var activity = ParseSingle("unsupported_message");

        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Text.Should().Be("Unsupported Messenger message");
        activity.ChannelMessageId.Should().Be(Mid);
    }

    [Fact]
    public void Page_feed_change_is_an_event_named_by_its_field_never_a_message()
    {
        var activity = ParseSingle("feed_change");

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be("feed");
        activity.WebhookField.Should().Be("feed");
        activity.WebhookObject.Should().Be("page");
        activity.EntryId.Should().Be(PageId);
        activity.Text.Should().BeNull();
        activity.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321000000));
        JsonDocument.Parse(activity.RawJson).RootElement.GetProperty("field").GetString().Should().Be("feed");
    }

    [Fact]
    public void Entry_with_neither_changes_nor_messaging_is_an_empty_entry_event()
    {
        var activity = _parser.Parse(Fixtures.Utf8("""{"object":"page","entry":[{"id":"104233441856002","time":1739321000000}]}""")).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.EmptyEntry);
        activity.EntryId.Should().Be(PageId);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("other_field")]
    public void A_whatsapp_body_posted_to_the_messenger_webhook_is_one_unexpected_object_event(string whatsAppFixture)
    {
        var activity = _parser.Parse(Fixtures.Read("whatsapp", whatsAppFixture)).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.UnexpectedObject);
        activity.WebhookObject.Should().Be("whatsapp_business_account");
    }

    [Fact]
    public void Messaging_items_carry_the_page_they_came_to()
    {
        var activities = _parser.Parse(Fixtures.Read("messenger", "batch"));

        activities.Should().OnlyContain(a => a.WebhookObject == "page" && a.EntryId!.Length > 0 && a.Type != ActivityTypes.Event);
    }

    [Fact]
    public void Several_entries_and_messaging_items_give_all_activities_in_order()
    {
        var activities = _parser.Parse(Fixtures.Read("messenger", "batch"));

        activities.Select(a => a.Type).Should().Equal(
            ActivityTypes.Message, ActivityTypes.MessageStatus, ActivityTypes.MessageStatus, ActivityTypes.Message);
        activities.Select(a => a.Timestamp.ToUnixTimeMilliseconds()).Should().Equal(
            1739321000001, 1739321000002, 1739321000003, 1739321000004);
        activities[0].Text.Should().Be("first");
        activities[1].Status!.State.Should().Be(DeliveryState.Delivered);
        activities[2].Status!.State.Should().Be(DeliveryState.Read);
        activities[3].Text.Should().Be("fourth");
        activities[3].IsStandby.Should().BeTrue();
    }

    [Fact]
    public void Item_without_timestamp_takes_the_entry_time()
    {
        var activity = ParseSingleItem("""{"sender":{"id":"1"},"recipient":{"id":"2"},"message":{"mid":"m_1","text":"hi"}}""");

        activity.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321024500));
    }

    [Fact]
    public void Body_without_entries_is_a_no_entries_event()
    {
        var activity = _parser.Parse(Fixtures.Utf8("""{"object":"page"}""")).Should().ContainSingle().Subject;

        activity.Type.Should().Be(ActivityTypes.Event);
        activity.Name.Should().Be(EventNames.NoEntries);
        activity.ContentKind.Should().Be(ContentKinds.Unsupported);
        activity.Timestamp.Should().Be(Now);
        activity.RawJson.Should().Be("""{"object":"page"}""");
    }

    [Fact]
    public void Odd_values_do_not_throw()
    {
        var activities = _parser.Parse(Fixtures.Utf8("""
            {"object":"page","entry":[null,{"id":104233441856002,"messaging":["x",
             {"sender":{"user_ref":"ref-1"},"recipient":{"id":"2"},"timestamp":"later","delivery":{"mids":[1,"m_2"],"watermark":"x"}},
             {"sender":{"id":"1"},"recipient":{"id":"2"},"message":{"mid":"m_3","attachments":[{"type":"location","payload":{"coordinates":{"lat":"a"}}}]}}]}]}
            """));

        activities.Should().HaveCount(4);
        activities[0].Name.Should().Be(EventNames.EmptyEntry);
        activities[1].ContentKind.Should().Be(ContentKinds.Unsupported);
        activities[1].From.Id.Should().Be("104233441856002");
        activities[2].Recipient.Id.Should().Be("ref-1");
        activities[2].Status!.MessageIds.Should().Equal("m_2");
        activities[2].Status!.Watermark.Should().BeNull();
        activities[3].ContentKind.Should().Be(ContentKinds.Location);
        activities[3].Location.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Malformed_body_throws_without_quoting_it(string body) => ParserContract.Rejects(_parser, body);

    [Fact]
    public void Invalid_utf8_throws() => ParserContract.RejectsInvalidUtf8(_parser);

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Every_fixture_parses_into_at_least_one_activity(string fixture)
    {
        var activities = _parser.Parse(Fixtures.Read("messenger", fixture));

        activities.Should().NotBeEmpty();
        activities.Should().AllSatisfy(a =>
        {
            a.Channel.Should().Be(ChannelKind.Messenger);
            a.RawJson.Should().NotBeNullOrWhiteSpace();
        });
    }

    private ChannelActivity ParseSingle(string fixture) =>
        _parser.Parse(Fixtures.Read("messenger", fixture)).Should().ContainSingle().Subject;

    private ChannelActivity ParseSingleItem(string item) =>
        _parser.Parse(Fixtures.Utf8($$"""{"object":"page","entry":[{"id":"104233441856002","time":1739321024500,"messaging":[{{item}}]}]}"""))
            .Should().ContainSingle().Subject;
}
