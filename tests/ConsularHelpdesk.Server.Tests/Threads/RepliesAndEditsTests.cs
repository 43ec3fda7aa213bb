using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>
/// A citizen's reply shows the message it answers; an agent's reply to a message carries the platform's context; a
/// citizen's edit shows the new text, marked, with the first kept, and distress is assessed again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepliesAndEditsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_citizens_whatsapp_reply_shows_a_short_excerpt_of_the_message_it_answers()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var waId = "3251" + Random.Shared.Next(1_000_000, 9_999_999);
        var first = "wamid.Q" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        var longText = "Je suis à Kinshasa, " + string.Concat(Enumerable.Repeat("mon passeport a été volé hier soir ", 8));
        var conversation = await ReactionsTests.WhatsAppConversationAsync(helpdesk, waId, first, at, longText);
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(5), CitizenPayloads.WhatsAppText("C'est urgent ?", "wamid.Q2" + Guid.NewGuid().ToString("N"), repliesTo: first));
        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(6), CitizenPayloads.WhatsAppText("Et ça ?", "wamid.Q3" + Guid.NewGuid().ToString("N"), repliesTo: "wamid.ELSEWHERE"));

        var messages = (await agent.ThreadAsync(conversation))["messages"]!.AsArray();
        var quoted = Message(messages, "Je suis à Kinshasa");
        var quote = Message(messages, "C'est urgent ?")["replyTo"]!;
        quote["found"]!.GetValue<bool>().Should().BeTrue();
        quote["messageId"]!.GetValue<string>().Should().Be(quoted["id"]!.GetValue<string>());
        quote["direction"]!.GetValue<string>().Should().Be("in");
        var excerpt = quote["excerpt"]!.GetValue<string>();
        excerpt.Should().StartWith("Je suis à Kinshasa, mon passeport").And.EndWith("…");
        excerpt.Length.Should().BeLessThanOrEqualTo(100, "the quote is a short excerpt, not the whole message");
        Message(messages, "Et ça ?")["replyTo"]!["found"]!.GetValue<bool>().Should().BeFalse("the message it answers is not in this conversation");
        Message(messages, "Et ça ?")["replyTo"]!["excerpt"].Should().BeNull();
    }

    [Fact]
    public async Task An_agents_reply_to_a_whatsapp_message_carries_its_context_to_the_graph_api_and_shows_the_quote()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var waId = "3252" + Random.Shared.Next(1_000_000, 9_999_999);
        var first = "wamid.A" + Guid.NewGuid().ToString("N");
        var conversation = await ReactionsTests.WhatsAppConversationAsync(helpdesk, waId, first, DateTimeOffset.UtcNow);
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        var citizens = Message((await agent.ThreadAsync(conversation))["messages"]!.AsArray(), "Je suis à Kinshasa")["id"]!.GetValue<string>();

        using var reply = await agent.ChangeAsync(conversation, "replies", new { replyId = Guid.NewGuid().ToString("N"), text = "Venez demain à 9h.", replyTo = citizens });

        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = await HelpdeskInstance.EventuallyAsync(
            () => Task.FromResult(helpdesk.Graph.Received),
            r => r.Any(g => g.Body?["text"]?["body"]?.GetValue<string>() == "Venez demain à 9h."));
        sent.Single(g => g.Body?["text"]?["body"]?.GetValue<string>() == "Venez demain à 9h.").Body!["context"]!["message_id"]!.GetValue<string>()
            .Should().Be(first, "WhatsApp quotes the citizen's message above the reply");
        var ours = Message((await agent.ThreadAsync(conversation))["messages"]!.AsArray(), "Venez demain à 9h.");
        ours["replyTo"]!["messageId"]!.GetValue<string>().Should().Be(citizens, "the thread shows what the agent answered");
    }

    [Fact]
    public async Task An_agents_reply_to_a_messenger_message_carries_reply_to_and_a_made_up_message_is_refused()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var mid = "m_Q" + Guid.NewGuid().ToString("N");
        var (conversation, signedIn, citizens) = await MessengerMessageAsync(helpdesk, "78" + Random.Shared.Next(10_000_000, 99_999_999), mid);
        using var agent = signedIn;

        using var refused = await agent.ChangeAsync(conversation, "replies", new { replyId = Guid.NewGuid().ToString("N"), text = "x", replyTo = "msg-0000000000000000000-0000000000000000" });
        using var reply = await agent.ChangeAsync(conversation, "replies", new { replyId = Guid.NewGuid().ToString("N"), text = "Nous regardons votre dossier.", replyTo = citizens });

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = await HelpdeskInstance.EventuallyAsync(
            () => Task.FromResult(helpdesk.Graph.Received),
            r => r.Any(g => g.Body?["message"]?["text"]?.GetValue<string>() == "Nous regardons votre dossier."));
        sent.Single(g => g.Body?["message"]?["text"]?.GetValue<string>() == "Nous regardons votre dossier.").Body!["reply_to"]!["mid"]!.GetValue<string>().Should().Be(mid);
        helpdesk.Graph.Received.Select(g => g.Body?["message"]?["text"]?.GetValue<string>()).Should().NotContain("x", "a refused reply is not sent");
    }

    [Fact]
    public async Task An_agents_messenger_reply_goes_out_without_the_quote_when_meta_refuses_reply_to()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var mid = "m_R" + Guid.NewGuid().ToString("N");
        var (conversation, signedIn, citizens) = await MessengerMessageAsync(helpdesk, "77" + Random.Shared.Next(10_000_000, 99_999_999), mid);
        using var agent = signedIn;
        helpdesk.Graph.RefuseReplyTo();

        using var reply = await agent.ChangeAsync(conversation, "replies", new { replyId = Guid.NewGuid().ToString("N"), text = "Nous regardons votre dossier.", replyTo = citizens });

        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var ours = await HelpdeskInstance.EventuallyAsync(
            helpdesk.OutboundAsync,
            o => o.Any(m => m.GetString("Text") == "Nous regardons votre dossier." && m.GetString("Status") is "Sent" or "Failed"));
        ours.Single(m => m.GetString("Text") == "Nous regardons votre dossier.").GetString("Status").Should().Be("Sent", "the quote is no reason to lose the answer");
        helpdesk.Graph.Received.Where(g => g.Body?["message"]?["text"]?.GetValue<string>() == "Nous regardons votre dossier.")
            .Select(g => (g.Status, g.Body!["reply_to"]?["mid"]?.GetValue<string>()))
            .Should().Equal([(400, mid), (200, null)], "sent once with the quote, refused, then once without it");
    }

    [Fact]
    public async Task A_whatsapp_edit_shows_the_new_text_marked_edited_keeps_the_original_and_raises_the_level()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var waId = "3253" + Random.Shared.Next(1_000_000, 9_999_999);
        var first = "wamid.E" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        var conversation = await ReactionsTests.WhatsAppConversationAsync(helpdesk, waId, first, at, "Je suis à Kinshasa, une question sur mon passeport");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        (await agent.ThreadAsync(conversation))["conversation"]!["level"]!.GetValue<string>().Should().Be("none");

        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(30), CitizenPayloads.WhatsAppEdit(first, "Je suis à Kinshasa, j'ai été agressé et je suis blessé, je suis à l'hôpital"));

        var thread = await agent.ThreadAsync(conversation);
        var edited = thread["messages"]!.AsArray().Where(m => m!["direction"]!.GetValue<string>() == "in").Should().ContainSingle("an edit is no message of its own").Subject!;
        edited["text"]!.GetValue<string>().Should().Contain("hôpital");
        edited["editedAt"].Should().NotBeNull();
        edited["originalText"]!.GetValue<string>().Should().Be("Je suis à Kinshasa, une question sur mon passeport", "the first text stays for the audit");
        edited["distress"]!["level"]!.GetValue<string>().Should().NotBe("none");
        thread["conversation"]!["level"]!.GetValue<string>().Should().BeOneOf(["urgent", "critical"], "the edited text is assessed again and the level only rises");
    }

    [Fact]
    public async Task A_messenger_edit_replaces_the_text_and_a_redelivered_older_edit_changes_nothing()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var psid = "79" + Random.Shared.Next(10_000_000, 99_999_999);
        var mid = "m_E" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        await ReactionsTests.MessengerAsync(helpdesk, psid, at, CitizenPayloads.MessengerText("Je suis à Kinshasa, rendez-vous mardi ?", mid));
        var conversation = await helpdesk.ConversationAsync(ChannelKind.Messenger, psid, "Merci", "kinshasa");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        await ReactionsTests.MessengerAsync(helpdesk, psid, at.AddSeconds(20), CitizenPayloads.MessengerEdit(mid, "Je suis à Kinshasa, rendez-vous mercredi ?", 2));
        await ReactionsTests.MessengerAsync(helpdesk, psid, at.AddSeconds(10), CitizenPayloads.MessengerEdit(mid, "Je suis à Kinshasa, rendez-vous lundi ?", 1));

        var message = Message((await agent.ThreadAsync(conversation))["messages"]!.AsArray(), "Je suis à Kinshasa");
        message["text"]!.GetValue<string>().Should().Be("Je suis à Kinshasa, rendez-vous mercredi ?", "the latest edit wins");
        message["originalText"]!.GetValue<string>().Should().Be("Je suis à Kinshasa, rendez-vous mardi ?");
        var row = (await helpdesk.Table(n => n.Conversations).GetEntityAsync<TableEntity>(conversation, message["id"]!.GetValue<string>())).Value;
        row.GetInt32("EditCount").Should().Be(1, "the older edit delivered late was not applied");
    }

    /// <summary>
    /// A Messenger citizen's message (<paramref name="mid"/>) in a conversation routed to Kinshasa, with what follows the
    /// citizen's messages done (automatic replies, their send status) so that the header's ETag holds; the Kinshasa agent
    /// and the message's id in the thread.
    /// </summary>
    private static async Task<(string Conversation, HttpClient Agent, string MessageId)> MessengerMessageAsync(HelpdeskInstance helpdesk, string psid, string mid)
    {
        await ReactionsTests.MessengerAsync(helpdesk, psid, DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Kinshasa, j'ai perdu mon passeport", mid));
        var conversation = await helpdesk.ConversationAsync(ChannelKind.Messenger, psid, "Toujours là ?", "kinshasa");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the citizen's messages and what follows them are processed");
        var agent = await helpdesk.SignInAsync("kinshasa-agent");
        var id = Message((await agent.ThreadAsync(conversation))["messages"]!.AsArray(), "Je suis à Kinshasa")["id"]!.GetValue<string>();
        return (conversation, agent, id);
    }

    private static JsonNode Message(JsonArray messages, string textStart) =>
        messages.First(m => m!["text"]?.GetValue<string>()?.StartsWith(textStart, StringComparison.Ordinal) == true)!;
}
