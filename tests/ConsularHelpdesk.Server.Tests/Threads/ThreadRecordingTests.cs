using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;

using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Threads;

[Collection(AzuriteCollection.Name)]
public sealed class ThreadRecordingTests(AzuriteFixture azurite)
{
    private const string Page = "104233441856002";
    private const string WaNumber = "106540352242922";

    [Fact]
    public async Task A_delivery_that_comes_before_our_message_is_applied_when_the_message_is_recorded()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var psid = "71" + Random.Shared.Next(10_000_000, 99_999_999);
        var delivery = MessengerItem(psid, Page, 1739321025000, """{"delivery":{"mids":["m_ours_1"],"watermark":1739321024500}}""");
        var echo = MessengerItem(Page, psid, 1739321024123, """{"message":{"is_echo":true,"mid":"m_ours_1","text":"Your appointment is confirmed."}}""");

        await PostOkAsync(helpdesk, ChannelKind.Messenger, delivery);
        await HelpdeskInstance.EventuallyAsync(() => CountAsync(helpdesk.Table(n => n.MessageIndex)), n => n == 1);
        await PostOkAsync(helpdesk, ChannelKind.Messenger, echo);

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, m => m.Count == 1 && m[0].GetString("Status") == "Delivered");
        var message = messages.Should().ContainSingle().Subject;
        message.GetString("Direction").Should().Be("out");
        message.GetString("Status").Should().Be("Delivered");
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread");
        header.GetInt32("UnreadCount").Should().Be(0, "our own message is not unread");
    }

    [Fact]
    public async Task The_echo_of_our_own_send_finds_its_message_and_a_page_inbox_reply_is_recorded()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var psid = "73" + Random.Shared.Next(10_000_000, 99_999_999);
        await PostOkAsync(helpdesk, ChannelKind.Messenger, MessengerItem(psid, Page, 1739321040000, """{"message":{"mid":"m_citizen_1","text":"Hello, I need help"}}"""));
        var sent = (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1)).Single();
        var metadata = sent.Body!["message"]!["metadata"]!.GetValue<string>();
        var question = (await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Count == 1 && o[0].GetString("ChannelMessageId") is not null)).Single();

        var echo = """{"message":{"is_echo":true,"app_id":1517776481860111,"metadata":"META","mid":"MID","text":"echoed"}}"""
            .Replace("META", metadata, StringComparison.Ordinal).Replace("MID", question.GetString("ChannelMessageId"), StringComparison.Ordinal);
        await PostOkAsync(helpdesk, ChannelKind.Messenger, MessengerItem(Page, psid, 1739321041000, echo));
        await PostOkAsync(helpdesk, ChannelKind.Messenger, MessengerItem(Page, psid, 1739321042000, """{"message":{"is_echo":true,"mid":"m_inbox_1","text":"Answered from the Page inbox"}}"""));

        var outbound = await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Count == 2);
        outbound.Select(o => o.GetString("Text")).Should().HaveCount(2).And.Contain("Answered from the Page inbox").And.NotContain("echoed");
    }

    [Fact]
    public async Task A_messenger_read_watermark_is_kept_on_the_contact()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var psid = "72" + Random.Shared.Next(10_000_000, 99_999_999);

        await PostOkAsync(helpdesk, ChannelKind.Messenger, MessengerItem(psid, Page, 1739321030000, """{"read":{"watermark":1739321029000}}"""));
        await PostOkAsync(helpdesk, ChannelKind.Messenger, MessengerItem(psid, Page, 1739321020000, """{"read":{"watermark":1739321010000}}"""));

        var contact = await HelpdeskInstance.EventuallyAsync(
            async () => await FindAsync(helpdesk.Table(n => n.Contacts), helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.Messenger, psid)),
            c => c?.GetDateTimeOffset("ReadWatermark") is not null);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        contact = (await helpdesk.Table(n => n.Contacts).GetEntityAsync<TableEntity>(helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.Messenger, psid), string.Empty)).Value;
        contact.GetDateTimeOffset("ReadWatermark").Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1739321029000), "an older watermark never moves it back");
    }

    [Fact]
    public async Task A_citizen_who_hides_their_number_is_keyed_by_business_scoped_user_id()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var userId = "US.1349120865530" + Random.Shared.Next(1000, 9999);
        var body = WhatsAppValue("""
            "contacts":[{"profile":{"name":"Sam"},"user_id":"USER"}],
            "messages":[{"from_user_id":"USER","id":"wamid.hiddenUSER","timestamp":"1739321100","type":"text","text":{"body":"Where is the embassy?"}}]
            """.Replace("USER", userId, StringComparison.Ordinal));

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, body);

        var contact = await HelpdeskInstance.EventuallyAsync(
            async () => await FindAsync(helpdesk.Table(n => n.Contacts), helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.WhatsApp, userId)),
            c => c is not null);
        contact.Should().NotBeNull();
        contact!.GetString("PhoneNumber").Should().BeNull();
        // Encrypted at rest: the app's read decrypts them.
        var read = await helpdesk.Services.GetRequiredService<ConsularHelpdesk.Threads.ContactBook>().GetAsync(contact.PartitionKey, CancellationToken.None);
        read!.UserId.Should().Be(userId);
        read.ProfileName.Should().Be("Sam");
        (await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_message_after_the_conversation_was_closed_opens_a_new_conversation()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var conversations = helpdesk.Table(n => n.Conversations);
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, WhatsAppText("32470000010", "wamid.first", 1739321100, "first"));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        // The intake question is appended to the thread too: close it once the thread is quiet.
        await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Count == 1 && o[0].GetString("Status") == "Sent");
        var rows = await helpdesk.ConversationRowsAsync();
        var header = rows.Single(r => r.RowKey == "thread");
        header["State"] = "closed";
        await conversations.UpdateEntityAsync(header, header.ETag);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, WhatsAppText("32470000010", "wamid.second", 1739321200, "second"));

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);
        rows = await helpdesk.ConversationRowsAsync();
        rows.Where(r => r.RowKey == "thread").Select(r => r.PartitionKey).Distinct().Should().HaveCount(2);
        var reopened = rows.Single(r => r.RowKey == "thread" && r.GetString("State") == "open");
        messages.Single(m => m.PartitionKey == reopened.PartitionKey).GetString("Text").Should().Be("second");
    }

    [Fact]
    public async Task A_redelivery_after_the_conversation_was_closed_is_not_stored_again()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var conversations = helpdesk.Table(n => n.Conversations);
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, WhatsAppText("32470000011", "wamid.opening", 1739321100, "Ik ben in Dakar"));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        // Not the opening message: a new conversation's id derives from its opening message, so only a later one
        // would land in a new conversation.
        var body = WhatsAppText("32470000011", "wamid.again", 1739321160, "Mijn paspoort is gestolen");
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, body);
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread");
        header["State"] = "closed";
        await conversations.UpdateEntityAsync(header, header.ETag);

        // Meta delivers the same message again: its row is in the closed conversation, not in a new one.
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, body);

        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        (await helpdesk.MessagesAsync()).Select(m => m.GetString("Text")).Should().Equal("Ik ben in Dakar", "Mijn paspoort is gestolen");
        (await helpdesk.ConversationRowsAsync()).Where(r => r.RowKey == "thread").Should().ContainSingle().Which.GetString("State").Should().Be("closed");
    }

    [Fact]
    public async Task An_unknown_message_type_shows_in_the_thread_with_its_raw_json()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var body = WhatsAppValue("""
            "contacts":[{"profile":{"name":"Kim"},"wa_id":"32470000011"}],
            "messages":[{"from":"32470000011","id":"wamid.poll1","timestamp":"1739321300","type":"poll_vote","poll_vote":{"option":"B"}}]
            """);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, body);

        var message = (await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1)).Should().ContainSingle().Subject;
        message.GetString("Kind").Should().Be(ContentKinds.Unsupported);
        // Encrypted at rest (Meta's item names the citizen): as the app's key reads it.
        helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.FieldCipher>()
            .Unprotect(message.GetString("RawJson"), ConsularHelpdesk.Threads.MessageLog.RawJsonContext(message.PartitionKey, message.RowKey))
            .Should().Contain("poll_vote").And.Contain("\"option\":\"B\"");
    }

    [Fact]
    public async Task Webhook_level_errors_go_to_the_incident_log()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var body = WhatsAppValue("""
            "errors":[{"code":131000,"title":"Something went wrong","message":"Something went wrong","error_data":{"details":"Unknown error"}}]
            """);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, body);

        var incidents = await HelpdeskInstance.EventuallyAsync(() => RowsAsync(helpdesk.Table(n => n.Incidents)), r => r.Count == 1);
        incidents.Should().ContainSingle().Which.GetString("Errors").Should().Contain("131000");
        (await helpdesk.MessagesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Messages_of_two_citizens_in_one_body_go_to_two_conversations()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var body = WhatsAppValue("""
            "contacts":[{"profile":{"name":"A"},"wa_id":"32470000021"},{"profile":{"name":"B"},"wa_id":"32470000022"}],
            "messages":[
              {"from":"32470000021","id":"wamid.a1","timestamp":"1739321400","type":"text","text":{"body":"a1"}},
              {"from":"32470000022","id":"wamid.b1","timestamp":"1739321401","type":"text","text":{"body":"b1"}},
              {"from":"32470000021","id":"wamid.a2","timestamp":"1739321402","type":"text","text":{"body":"a2"}}]
            """);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, body);

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 3);
        var threads = messages.GroupBy(m => m.PartitionKey).Select(g => g.Select(m => m.GetString("Text")).ToList()).ToList();
        threads.Should().BeEquivalentTo([new[] { "a1", "a2" }, ["b1"]], o => o.WithStrictOrdering());
        var headers = (await helpdesk.ConversationRowsAsync()).Where(r => r.RowKey == "thread").ToList();
        headers.Should().HaveCount(2);
        headers.Select(h => h.GetInt32("UnreadCount")).Should().BeEquivalentTo([2, 1]);
        var inbox = await HelpdeskInstance.EventuallyAsync(
            async () => (await RowsAsync(helpdesk.Table(n => n.Inbox))).Where(r => r.RowKey != InboxKeys.MarkerRowKey).ToList(),
            rows => rows.Count == 2);
        inbox.Should().HaveCount(2).And.OnlyContain(i => i.PartitionKey == "open-central");
    }

    private static async Task PostOkAsync(HelpdeskInstance helpdesk, ChannelKind channel, string body)
    {
        using var response = await helpdesk.PostAsync(channel, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string MessengerItem(string sender, string recipient, long timestamp, string item) =>
        """{"object":"page","entry":[{"id":"PAGE","time":TIME,"messaging":[{"sender":{"id":"SENDER"},"recipient":{"id":"RECIPIENT"},"timestamp":TIME,ITEM}]}]}"""
            .Replace("PAGE", Page, StringComparison.Ordinal).Replace("TIME", $"{timestamp}", StringComparison.Ordinal)
            .Replace("SENDER", sender, StringComparison.Ordinal).Replace("RECIPIENT", recipient, StringComparison.Ordinal)
            .Replace("ITEM", item[1..^1], StringComparison.Ordinal);

    private static string WhatsAppValue(string fields) =>
        """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"NUMBER"},FIELDS}}]}]}"""
            .Replace("NUMBER", WaNumber, StringComparison.Ordinal).Replace("FIELDS", fields, StringComparison.Ordinal);

    private static string WhatsAppText(string from, string id, long timestamp, string text) => WhatsAppValue(
        $"\"contacts\":[{{\"profile\":{{\"name\":\"X\"}},\"wa_id\":\"{from}\"}}]," +
        $"\"messages\":[{{\"from\":\"{from}\",\"id\":\"{id}\",\"timestamp\":\"{timestamp}\",\"type\":\"text\",\"text\":{{\"body\":\"{text}\"}}}}]");

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<TableEntity?> FindAsync(TableClient table, string partitionKey)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, string.Empty);
        return response.HasValue ? response.Value : null;
    }

    private static async Task<int> CountAsync(TableClient table) => (await RowsAsync(table)).Count;
}
