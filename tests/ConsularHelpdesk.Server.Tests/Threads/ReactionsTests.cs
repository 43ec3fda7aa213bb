using System.Net;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>A citizen's reaction shows as the emoji on the message it reacts to, on both channels; it is no message that needs an answer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReactionsTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_whatsapp_reaction_to_the_citizens_own_message_shows_is_replaced_and_is_removed()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var waId = "3248" + Random.Shared.Next(1_000_000, 9_999_999);
        var messageId = "wamid.R" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        var conversation = await WhatsAppConversationAsync(helpdesk, waId, messageId, at);
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        await agent.ThreadAsync(conversation); // the agent's read marks it read: the header is written once here
        var before = await HeaderAsync(helpdesk, conversation);

        await WhatsAppAsync(helpdesk, waId, at.AddSeconds(5), CitizenPayloads.WhatsAppReaction(messageId, "👍"));
        (await ReactionAsync(agent, conversation, "Je suis à Kinshasa")).Should().Be("👍");

        await WhatsAppAsync(helpdesk, waId, at.AddSeconds(10), CitizenPayloads.WhatsAppReaction(messageId, "❤️"));
        (await ReactionAsync(agent, conversation, "Je suis à Kinshasa")).Should().Be("❤️", "a new reaction replaces the one before");

        await WhatsAppAsync(helpdesk, waId, at.AddSeconds(7), CitizenPayloads.WhatsAppReaction(messageId, "😮"));
        (await ReactionAsync(agent, conversation, "Je suis à Kinshasa")).Should().Be("❤️", "an older reaction delivered late changes nothing");

        await WhatsAppAsync(helpdesk, waId, at.AddSeconds(15), CitizenPayloads.WhatsAppReaction(messageId, string.Empty));
        (await ReactionAsync(agent, conversation, "Je suis à Kinshasa")).Should().BeNull("the citizen removed it");

        var thread = await agent.ThreadAsync(conversation);
        thread["messages"]!.AsArray().Where(m => m!["direction"]!.GetValue<string>() == "in").Should().ContainSingle("a reaction is no message of its own");
        var after = await HeaderAsync(helpdesk, conversation);
        after.GetInt64("Revision").Should().Be(before.GetInt64("Revision"), "a reaction writes nothing of the header: no unread count, no wait, no target");
        after.GetInt32("UnreadCount").Should().Be(0);
    }

    [Fact]
    public async Task A_messenger_reaction_to_an_agents_reply_shows_on_it_and_does_not_make_the_conversation_wait()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var psid = "76" + Random.Shared.Next(10_000_000, 99_999_999);
        var conversation = await helpdesk.ConversationAsync(ChannelKind.Messenger, psid, "Je suis à Kinshasa, j'ai perdu mon passeport", "kinshasa");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        var mid = await AgentReplyAsync(helpdesk, agent, conversation, "Nous allons vous aider.");
        var answered = await HeaderAsync(helpdesk, conversation);
        answered.GetDateTimeOffset("WaitingSince").Should().BeNull("the agent answered");

        await MessengerAsync(helpdesk, psid, DateTimeOffset.UtcNow.AddSeconds(2), CitizenPayloads.MessengerReaction(mid, "👍"));
        (await ReactionAsync(agent, conversation, "Nous allons vous aider.")).Should().Be("👍");

        var thread = await agent.ThreadAsync(conversation);
        thread["conversation"]!["waitingFor"]!.GetValue<string>().Should().Be("citizen", "a reaction is no question: nobody waits for us");
        var header = await HeaderAsync(helpdesk, conversation);
        header.GetDateTimeOffset("WaitingSince").Should().BeNull();
        header.GetDateTimeOffset("DueAt").Should().BeNull("a reaction sets no response target");
        header.GetString("Preview").Should().Be(answered.GetString("Preview"));

        await MessengerAsync(helpdesk, psid, DateTimeOffset.UtcNow.AddSeconds(4), CitizenPayloads.MessengerReaction(mid, null));
        (await ReactionAsync(agent, conversation, "Nous allons vous aider.")).Should().BeNull("unreact removes it");
    }

    [Fact]
    public async Task A_reaction_to_a_message_we_do_not_have_shows_as_a_notice_and_one_without_a_conversation_opens_none()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var waId = "3249" + Random.Shared.Next(1_000_000, 9_999_999);
        var at = DateTimeOffset.UtcNow;
        var conversation = await WhatsAppConversationAsync(helpdesk, waId, "wamid.R" + Guid.NewGuid().ToString("N"), at);
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        await WhatsAppAsync(helpdesk, waId, at.AddSeconds(5), CitizenPayloads.WhatsAppReaction("wamid.NOT_HERE" + Guid.NewGuid().ToString("N"), "🙏"));
        var stranger = "3250" + Random.Shared.Next(1_000_000, 9_999_999);
        await WhatsAppAsync(helpdesk, stranger, at.AddSeconds(5), CitizenPayloads.WhatsAppReaction("wamid.NOT_HERE" + Guid.NewGuid().ToString("N"), "🙏"));

        var messages = (await agent.ThreadAsync(conversation))["messages"]!.AsArray();
        var notice = messages.Should().ContainSingle(m => m!["kind"]!.GetValue<string>() == "reaction").Subject!;
        notice["reaction"]!.GetValue<string>().Should().Be("🙏");
        var strangerKey = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.WhatsApp, stranger);
        (await helpdesk.ConversationRowsAsync()).Should().NotContain(r => r.RowKey == "thread" && r.GetString("ContactKey") == strangerKey, "a reaction opens no conversation");
        var incidents = await HelpdeskInstance.EventuallyAsync(
            () => RowsAsync(helpdesk.Table(n => n.Incidents)), rows => rows.Any(r => r.GetString("Kind") == InboundProcessor.ReactionToUnknownKind));
        incidents.Should().Contain(r => r.GetString("Kind") == InboundProcessor.ReactionToUnknownKind, "it is counted for the engineers");
    }

    [Fact]
    public async Task A_reaction_to_our_message_costs_a_bounded_handful_of_storage_calls()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString, new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00", ["ResponseTargets:Period"] = "01:00:00" }, development: true,
            services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var psid = "77" + Random.Shared.Next(10_000_000, 99_999_999);
        var conversation = await helpdesk.ConversationAsync(ChannelKind.Messenger, psid, "Je suis à Kinshasa, j'ai perdu mon passeport", "kinshasa");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        var mid = await AgentReplyAsync(helpdesk, agent, conversation, "Nous allons vous aider.");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        calls.Clear();

        await MessengerAsync(helpdesk, psid, DateTimeOffset.UtcNow.AddSeconds(2), CitizenPayloads.MessengerReaction(mid, "👍"));

        var counted = calls.Calls.Where(c => c.Uri.Port != azurite.Azurite.QueuePort).Select(c => $"{c.Method} {Uri.UnescapeDataString(c.Uri.PathAndQuery)}").ToList();
        output.WriteLine($"{counted.Count} table and blob calls:{Environment.NewLine}{string.Join(Environment.NewLine, counted)}");
        // The contact, its open conversation's ref- row (not a citizen's message: none), the MessageIndex pointer, the
        // message read and replaced: 5, however long the thread or the history.
        counted.Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(5, "docs/storage.md states what a reaction costs");
        counted.Should().NotContain(c => c.StartsWith("GET", StringComparison.Ordinal) && c.Contains("$filter", StringComparison.Ordinal), "no query: point reads only");
    }

    internal static async Task<string> WhatsAppConversationAsync(HelpdeskInstance helpdesk, string waId, string messageId, DateTimeOffset at, string text = "Je suis à Kinshasa, mon passeport a été volé")
    {
        await WhatsAppAsync(helpdesk, waId, at, CitizenPayloads.WhatsAppText(text, messageId));
        var contactKey = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.WhatsApp, waId);
        var rows = await HelpdeskInstance.EventuallyAsync(helpdesk.ConversationRowsAsync, r => r.Any(h => h.RowKey == "thread" && h.GetString("ContactKey") == contactKey && h.GetString("PostId") == "kinshasa"));
        return rows.First(h => h.RowKey == "thread" && h.GetString("ContactKey") == contactKey).PartitionKey;
    }

    internal static async Task WhatsAppAsync(HelpdeskInstance helpdesk, string waId, DateTimeOffset at, JsonObject message)
    {
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(waId, "Awa", at, message))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the webhook is processed");
    }

    internal static async Task MessengerAsync(HelpdeskInstance helpdesk, string psid, DateTimeOffset at, JsonObject item)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, at, item))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the webhook is processed");
    }

    /// <summary>An agent's reply, sent; returns Meta's id for it (what the citizen's reaction names).</summary>
    internal static async Task<string> AgentReplyAsync(HelpdeskInstance helpdesk, HttpClient agent, string conversation, string text)
    {
        using var reply = await agent.ChangeAsync(conversation, "replies", new { replyId = Guid.NewGuid().ToString("N"), text });
        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = await HelpdeskInstance.EventuallyAsync(
            helpdesk.OutboundAsync, o => o.Any(m => m.PartitionKey == conversation && m.GetString("Text") == text && m.GetString("ChannelMessageId") is not null));
        return sent.First(m => m.PartitionKey == conversation && m.GetString("Text") == text).GetString("ChannelMessageId");
    }

    private static async Task<string?> ReactionAsync(HttpClient agent, string conversation, string textStart)
    {
        var messages = (await agent.ThreadAsync(conversation))["messages"]!.AsArray();
        var message = messages.First(m => m!["text"]?.GetValue<string>()?.StartsWith(textStart, StringComparison.Ordinal) == true)!;
        return message["reaction"]?.GetValue<string>();
    }

    private static async Task<TableEntity> HeaderAsync(HelpdeskInstance helpdesk, string conversation) =>
        (await helpdesk.Table(n => n.Conversations).GetEntityAsync<TableEntity>(conversation, "thread")).Value;

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
