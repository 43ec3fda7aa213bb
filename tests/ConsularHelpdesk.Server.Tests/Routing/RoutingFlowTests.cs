using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Routing;

/// <summary>Routing on the inbound path, end to end: webhook → queue → thread header, inbox, intake question to the Graph API.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RoutingFlowTests(AzuriteFixture azurite)
{
    private static readonly PostCatalog Catalog = PostCatalog.LoadEmbedded();
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_citizen_who_says_nothing_of_where_they_are_is_asked_in_their_language()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, Text("32470000101", "Bonjour, j'ai perdu mon passeport et je ne sais pas quoi faire", 0));

        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count >= 1);
        var request = sent.Should().ContainSingle().Subject;
        request.Path.Should().Be($"{CitizenPayloads.DemoPhoneNumberId}/messages");
        request.Authorization.Should().Be("Bearer test-whatsapp-token");
        request.Body!["to"]!.GetValue<string>().Should().Be("32470000101");
        request.Body["interactive"]!["body"]!["text"]!.GetValue<string>().Should().StartWith("Où êtes-vous");
        request.Body["interactive"]!["action"]!["buttons"]!.AsArray().Select(b => b!["reply"]!["id"]!.GetValue<string>())
            .Should().Equal("WHERE:SHARE", "WHERE:BE", "WHERE:OTHER");
        var question = (await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Count == 1 && o[0].GetString("Status") == "Sent")).Single();
        question.GetString("Kind").Should().Be("intake");
        question.GetString("ChannelMessageId").Should().StartWith("wamid.FAKE");
        var header = await HeaderAsync(helpdesk);
        header.GetString("PostId").Should().Be("central");
        header.GetString("RoutingStep").Should().Be("Ask");
        header.GetString("Language").Should().Be("fr");
    }

    [Fact]
    public async Task The_answer_to_the_intake_question_routes_the_conversation_and_moves_it_in_the_inboxes()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, Text("32470000102", "Hallo, ik heb hulp nodig", 0));
        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, Text("32470000102", "Ik ben in Porto Alegre", 10));

        var header = await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk), h => h.GetString("PostId") == "saopaulo");
        header.GetString("PostId").Should().Be("saopaulo");
        header.GetString("RoutingStep").Should().Be("Text");
        header.GetString("RoutingReason").Should().Contain("Porto Alegre");
        header.GetString("RoutingHistory").Should().Contain("\"step\":\"Ask\"").And.Contain("\"step\":\"Text\"");
        (await InboxAsync(helpdesk, "saopaulo")).Should().ContainSingle().Which.PartitionKey.Should().Be("open-saopaulo");
        helpdesk.Graph.Received.Should().ContainSingle("the question is asked once per conversation");
    }

    [Fact]
    public async Task A_shared_location_reroutes_a_conversation_routed_on_a_weaker_signal()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        await PostOkAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger("7100000000000103", Start, CitizenPayloads.MessengerText("Je suis à Kinshasa")));
        await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk), h => h.GetString("PostId") == "kinshasa");

        await PostOkAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger("7100000000000103", Start.AddSeconds(30), CitizenPayloads.MessengerLocation(-11.6609, 27.4794)));

        var header = await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk), h => h.GetString("PostId") == "lubumbashi");
        header.GetString("PostId").Should().Be("lubumbashi");
        header.GetString("RoutingStep").Should().Be("Location");
        (await InboxAsync(helpdesk, "lubumbashi")).Should().ContainSingle().Which.PartitionKey.Should().Be("open-lubumbashi");
    }

    [Fact]
    public async Task A_transfer_by_an_agent_is_audited_and_never_overridden_by_a_later_signal()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        await PostOkAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger("7100000000000104", Start, CitizenPayloads.MessengerText("Je suis à Kinshasa")));
        var routed = await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk), h => h.GetString("PostId") == "kinshasa");

        var outcome = await helpdesk.Services.GetRequiredService<ConversationTransfers>()
            .TransferAsync(routed.PartitionKey, "dakar", "the citizen travels to Senegal tomorrow", "agent:kinshasa-1", CancellationToken.None);
        await PostOkAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger("7100000000000104", Start.AddSeconds(30), CitizenPayloads.MessengerLocation(-11.6609, 27.4794)));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);

        outcome.Should().Be(TransferOutcome.Transferred);
        var header = await HeaderAsync(helpdesk);
        header.GetString("PostId").Should().Be("dakar");
        header.GetString("RoutingStep").Should().Be("Manual");
        header.GetString("RoutingHistory").Should().Contain("agent:kinshasa-1").And.Contain("Senegal");
        (await InboxAsync(helpdesk, "dakar")).Should().ContainSingle().Which.PartitionKey.Should().Be("open-dakar");
        var audit = await RowsAsync(helpdesk.Table(n => n.Audit));
        audit.Select(a => (a.PartitionKey[..a.PartitionKey.LastIndexOf('-', a.PartitionKey.Length - 4)], a.GetString("Action"), a.GetString("Actor")))
            .Should().BeEquivalentTo([("kinshasa", "transfer-out", "agent:kinshasa-1"), ("dakar", "transfer-in", "agent:kinshasa-1")]);
    }

    [Fact]
    public async Task A_message_to_a_posts_own_page_goes_to_that_post_without_asking()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var page = Catalog.Get("lubumbashi").MessengerPageId!;
        var body = CitizenPayloads.Messenger("7100000000000105", Start, CitizenPayloads.MessengerText("Bonjour")).Replace(CitizenPayloads.DemoPageId, page, StringComparison.Ordinal);

        await PostOkAsync(helpdesk, ChannelKind.Messenger, body);

        var header = await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk), h => h.GetString("PostId") == "lubumbashi");
        header.GetString("RoutingStep").Should().Be("Channel");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_throttled_send_is_retried_and_recorded_once()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        helpdesk.Graph.FailNext(429, 500);

        await PostOkAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger("7100000000000106", Start, CitizenPayloads.MessengerText("Hello, I need help")));

        var question = (await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Count == 1 && o[0].GetString("Status") == "Sent")).Single();
        question.GetString("ChannelMessageId").Should().StartWith("m_FAKE");
        helpdesk.Graph.Received.Should().HaveCount(3, "two failures, then the one that went through");
        helpdesk.Graph.Received[^1].Body!["messaging_type"]!.GetValue<string>().Should().Be("RESPONSE");
        helpdesk.Graph.Received[^1].Body!["message"]!["quick_replies"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public async Task A_send_the_platform_refuses_shows_its_error_on_the_message()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        helpdesk.Graph.FailNext(400);

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, Text("32470000107", "Hello, I need help", 0));

        var question = (await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Count == 1 && o[0].GetString("Status") == "Failed")).Single();
        question.GetString("Status").Should().Be("Failed");
        question.GetString("Errors").Should().Contain("400").And.Contain("unexpected error");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().ContainSingle("a 4xx is not retried");
    }

    [Fact]
    public async Task A_language_the_citizen_chose_is_kept_over_what_their_texts_look_like()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, Text("32470000108", "Bonjour, je voudrais renouveler mon passeport", 0));
        var contactKey = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.WhatsApp, "32470000108");
        await HelpdeskInstance.EventuallyAsync(() => ContactAsync(helpdesk, contactKey), c => c?.GetString("Language") == "fr");

        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("32470000108", "Citizen", Start.AddSeconds(10), CitizenPayloads.WhatsAppButtonReply("LANG:de", "Deutsch")));
        await HelpdeskInstance.EventuallyAsync(() => ContactAsync(helpdesk, contactKey), c => c?.GetString("Language") == "de");
        await PostOkAsync(helpdesk, ChannelKind.WhatsApp, Text("32470000108", "Merci beaucoup pour votre aide, à bientôt", 20));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 3);

        var contact = await ContactAsync(helpdesk, contactKey);
        contact!.GetString("Language").Should().Be("de");
        contact.GetString("LanguageSource").Should().Be("citizen");
    }

    private static async Task<TableEntity?> ContactAsync(HelpdeskInstance helpdesk, string key)
    {
        var response = await helpdesk.Table(n => n.Contacts).GetEntityIfExistsAsync<TableEntity>(key, string.Empty);
        return response.HasValue ? response.Value : null;
    }

    private static async Task PostOkAsync(HelpdeskInstance helpdesk, ChannelKind channel, string body)
    {
        using var response = await helpdesk.PostAsync(channel, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string Text(string from, string text, int seconds) =>
        CitizenPayloads.WhatsApp(from, "Citizen", Start.AddSeconds(seconds), CitizenPayloads.WhatsAppText(text));

    private static async Task<TableEntity> HeaderAsync(HelpdeskInstance helpdesk) =>
        (await helpdesk.ConversationRowsAsync()).SingleOrDefault(r => r.RowKey == "thread") ?? new TableEntity();

    /// <summary>The inbox's conversation rows (markers aside) once they settle on one post (writers of earlier messages may still be finishing).</summary>
    private static Task<List<TableEntity>> InboxAsync(HelpdeskInstance helpdesk, string post) =>
        HelpdeskInstance.EventuallyAsync(
            async () => (await RowsAsync(helpdesk.Table(n => n.Inbox))).Where(r => r.RowKey != InboxKeys.MarkerRowKey).ToList(),
            rows => rows.Count == 1 && rows[0].PartitionKey == "open-" + post);

    private static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
