using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Webhooks;

/// <summary>Webhooks that carry no citizen's message: counted in the incident log, never a contact, a thread or a send.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NonMessageWebhookTests(AzuriteFixture azurite)
{
    private const string BusinessAccount = "300000000000001";
    private const string OurNumber = CitizenPayloads.DemoPhoneNumberId;
    private const string OurPage = CitizenPayloads.DemoPageId;
    private const string Citizen = "7300000000000099";

    public static TheoryData<string, string, string> NonMessageBodies => new()
    {
        { "template status", nameof(ChannelKind.WhatsApp), WhatsAppChange("message_template_status_update", """{"event":"REJECTED","message_template_id":87654321,"message_template_name":"reply_after_24h","message_template_language":"nl","reason":"INCORRECT_CATEGORY"}""") },
        { "account update", nameof(ChannelKind.WhatsApp), WhatsAppChange("account_update", """{"phone_number":"3225010000","event":"VERIFIED_ACCOUNT"}""") },
        { "quality update", nameof(ChannelKind.WhatsApp), WhatsAppChange("phone_number_quality_update", """{"display_phone_number":"3225010000","event":"DOWNGRADE","current_limit":"TIER_1K"}""") },
        { "capability update", nameof(ChannelKind.WhatsApp), WhatsAppChange("business_capability_update", """{"max_daily_conversation_per_phone":1000}""") },
        { "empty value", nameof(ChannelKind.WhatsApp), WhatsAppChange("messages", "{}") },
        { "entry without changes", nameof(ChannelKind.WhatsApp), $$"""{"object":"whatsapp_business_account","entry":[{"id":"{{BusinessAccount}}","time":1739321000}]}""" },
        { "another object", nameof(ChannelKind.WhatsApp), """{"object":"instagram","entry":[{"id":"17841400000000000","time":1739321000,"changes":[{"field":"messages","value":{"messages":[{"from":"1","id":"x","type":"text","text":{"body":"hi"}}]}}]}]}""" },
        { "message from our own number", nameof(ChannelKind.WhatsApp), CitizenPayloads.WhatsApp(OurNumber, "Us", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("echo of ourselves")) },
        { "message from our business account", nameof(ChannelKind.WhatsApp), CitizenPayloads.WhatsApp(BusinessAccount, "Us", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("from the account")) },
        { "page feed change", nameof(ChannelKind.Messenger), $$$"""{"object":"page","entry":[{"id":"{{{OurPage}}}","time":1739321000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","message":"a public comment"}}]}]}""" },
        { "entry without messaging", nameof(ChannelKind.Messenger), $$"""{"object":"page","entry":[{"id":"{{OurPage}}","time":1739321000000}]}""" },
        { "whatsapp body on the messenger endpoint", nameof(ChannelKind.Messenger), CitizenPayloads.WhatsApp("32470000001", "An", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("wrong endpoint")) },
        { "message from our own page", nameof(ChannelKind.Messenger), CitizenPayloads.Messenger(OurPage, DateTimeOffset.UtcNow, new JsonObject { ["message"] = new JsonObject { ["mid"] = "m_" + Guid.NewGuid().ToString("N"), ["text"] = "hello me" } }) },
        { "messaging item without sender", nameof(ChannelKind.Messenger), $$$"""{"object":"page","entry":[{"id":"{{{OurPage}}}","time":1739321000000,"messaging":[{"recipient":{"id":"{{{OurPage}}}"},"timestamp":1739321000000,"message":{"mid":"m_nosender","text":"who"}}]}]}""" },
        { "handover pass_thread_control", nameof(ChannelKind.Messenger), MessengerItem("messaging", "pass_thread_control", """{"new_owner_app_id":"123456789","metadata":"handover"}""") },
        { "handover take_thread_control", nameof(ChannelKind.Messenger), MessengerItem("messaging", "take_thread_control", """{"previous_owner_app_id":"123456789","metadata":"taken back"}""") },
        { "handover request_thread_control", nameof(ChannelKind.Messenger), MessengerItem("messaging", "request_thread_control", """{"requested_owner_app_id":123456789,"metadata":"may I"}""") },
        { "handover on the standby channel", nameof(ChannelKind.Messenger), MessengerItem("standby", "take_thread_control", """{"previous_owner_app_id":"263902037430900","new_owner_app_id":"123456789"}""") },
        { "optin", nameof(ChannelKind.Messenger), MessengerItem("messaging", "optin", """{"type":"notification_messages","payload":"REMINDERS","notification_messages_token":"tok"}""") },
        { "message_edit", nameof(ChannelKind.Messenger), MessengerItem("messaging", "message_edit", """{"mid":"m_edit1","text":"edited text","num_edit":1}""") },
        { "account_linking", nameof(ChannelKind.Messenger), MessengerItem("messaging", "account_linking", """{"status":"linked","authorization_code":"CODE"}""") },
        { "messaging_feedback", nameof(ChannelKind.Messenger), MessengerItem("messaging", "messaging_feedback", """{"feedback_screens":[{"screen_id":0,"questions":{"q":{"type":"csat","payload":"4","follow_up":{"type":"free_form","payload":"quick answer"}}}}]}""") },
        { "policy_enforcement", nameof(ChannelKind.Messenger), MessengerItem("messaging", "policy_enforcement", """{"action":"block","reason":"policy"}""") },
        { "app_roles", nameof(ChannelKind.Messenger), MessengerItem("messaging", "app_roles", """{"123456789":["primary_receiver"]}""") },
        { "game_play", nameof(ChannelKind.Messenger), MessengerItem("messaging", "game_play", """{"game_id":"1","player_id":"2","context_type":"SOLO","score":3}""") },
        { "whatsapp user_changed_number", nameof(ChannelKind.WhatsApp), CitizenPayloads.WhatsApp("32470000077", "Kim", DateTimeOffset.UtcNow, new JsonObject { ["type"] = "system", ["system"] = new JsonObject { ["body"] = "Kim changed from 32470000077 to 32470000078", ["wa_id"] = "32470000078", ["type"] = "user_changed_number", ["customer"] = "32470000077" } }) },
        { "whatsapp customer_identity_changed", nameof(ChannelKind.WhatsApp), CitizenPayloads.WhatsApp("32470000077", "Kim", DateTimeOffset.UtcNow, new JsonObject { ["type"] = "system", ["system"] = new JsonObject { ["body"] = "Kim's security code changed", ["identity"] = "acbf0f4b", ["type"] = "customer_identity_changed", ["customer"] = "32470000077" } }) },
    };

    [Theory]
    [MemberData(nameof(NonMessageBodies))]
    public async Task A_webhook_without_a_citizen_message_stores_no_contact_no_conversation_and_sends_nothing(string what, string channel, string body)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);

        using var response = await helpdesk.PostAsync(Enum.Parse<ChannelKind>(channel), body);

        response.StatusCode.Should().Be(HttpStatusCode.OK, what);
        var incidents = await HelpdeskInstance.EventuallyAsync(() => QueueDrain.RowsAsync(helpdesk.Table(n => n.Incidents)), rows => rows.Count > 0);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the body was processed");
        incidents.Should().NotBeEmpty().And.OnlyContain(i => i.GetInt32("Count") >= 1, "what it was is counted");
        string.Join('|', incidents.SelectMany(i => i).Select(p => p.Value?.ToString())).Should()
            .NotContainAny(["hello me", "a public comment", "echo of ourselves", "wrong endpoint", "who", "edited text", "quick answer", Citizen, "32470000077", "32470000078"], "the incident log keeps no content");
        (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Contacts))).Should().BeEmpty(what);
        (await helpdesk.ConversationRowsAsync()).Should().BeEmpty(what);
        (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Inbox))).Should().BeEmpty(what);
        helpdesk.Graph.Received.Should().BeEmpty("nothing is sent, least of all to ourselves");
        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0);
    }

    [Fact]
    public async Task A_citizen_message_in_the_same_body_as_an_account_change_is_still_recorded()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var message = JsonNode.Parse(CitizenPayloads.WhatsApp("32470000031", "Noor", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("I need help")))!;
        message["entry"]![0]!["changes"]!.AsArray().Add(JsonNode.Parse("""{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}}"""));

        (await helpdesk.PostAsync(ChannelKind.WhatsApp, message.ToJsonString())).StatusCode.Should().Be(HttpStatusCode.OK);

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        messages.Should().ContainSingle().Which.GetString("Text").Should().Be("I need help");
        var incidents = await HelpdeskInstance.EventuallyAsync(() => QueueDrain.RowsAsync(helpdesk.Table(n => n.Incidents)), rows => rows.Count == 1);
        incidents.Should().ContainSingle().Which.GetString("Kind").Should().Be("account_update");
    }

    [Fact]
    public async Task An_administrator_sees_a_rejected_template_and_a_quality_downgrade_and_an_agent_may_not()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var body = WhatsAppChange("message_template_status_update", """
            {"event":"REJECTED","message_template_id":87654321,"message_template_name":"reply_after_24h","message_template_language":"nl","reason":"INCORRECT_CATEGORY",
             "other_info":{"title":"TEMPLATE_RECATEGORIZED","description":"Not a utility template."}}
            """);
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var quality = WhatsAppChange("phone_number_quality_update", """{"display_phone_number":"3225010000","event":"DOWNGRADE","current_limit":"TIER_1K","old_limit":"TIER_10K"}""");
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, quality)).StatusCode.Should().Be(HttpStatusCode.OK);
        await HelpdeskInstance.EventuallyAsync(() => QueueDrain.RowsAsync(helpdesk.Table(n => n.AccountEvents)), rows => rows.Count == 2);
        using var admin = await helpdesk.SignInAsync("admin");
        using var agent = await helpdesk.SignInAsync("central-duty");

        var page = await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/account-events");
        using var forbidden = await agent.GetAsync("api/triage/admin/account-events");
        using var badMonth = await admin.GetAsync("api/triage/admin/account-events?month=last");

        var items = page!["items"]!.AsArray();
        items.Select(i => i!["field"]!.GetValue<string>()).Should().Equal(["phone_number_quality_update", "message_template_status_update"], "newest first");
        items[0]!["event"]!.GetValue<string>().Should().Be("DOWNGRADE");
        items[0]!["phoneNumber"]!.GetValue<string>().Should().Be("3225010000");
        items[0]!["detail"]!.GetValue<string>().Should().Be("limit TIER_1K: was TIER_10K");
        var item = items[1]!;
        item["field"]!.GetValue<string>().Should().Be("message_template_status_update");
        item["event"]!.GetValue<string>().Should().Be("REJECTED");
        item["templateName"]!.GetValue<string>().Should().Be("reply_after_24h");
        item["templateLanguage"]!.GetValue<string>().Should().Be("nl");
        item["reason"]!.GetValue<string>().Should().Be("INCORRECT_CATEGORY");
        item["detail"]!.GetValue<string>().Should().Be("TEMPLATE_RECATEGORIZED: Not a utility template.");
        item["accountId"]!.GetValue<string>().Should().Be(BusinessAccount);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        badMonth.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badMonth.Content.ReadAsStringAsync()).Should().Contain("yyyy-MM");
    }

    // A Messenger item from a citizen that is no message (handover, optin, edit, …): on the messaging or standby channel.
    private static string MessengerItem(string channel, string key, string content) =>
        $$$"""{"object":"page","entry":[{"id":"{{{OurPage}}}","time":1739321000000,"{{{channel}}}":[{"sender":{"id":"{{{Citizen}}}"},"recipient":{"id":"{{{OurPage}}}"},"timestamp":1739321000000,"{{{key}}}":{{{content}}}}]}]}""";

    private static string WhatsAppChange(string field, string value) =>
        $$$"""{"object":"whatsapp_business_account","entry":[{"id":"{{{BusinessAccount}}}","time":1739321000,"changes":[{"field":"{{{field}}}","value":{{{value}}}}]}]}""";
}
