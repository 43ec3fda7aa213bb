using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// The logs and traces of a whole run hold no personal data: citizens on both channels (a text, a photo, a duplicate
/// delivery, a forged signature, a malformed body that ends in the poison queue), an agent who lists, reads, searches, notes and replies, and Meta
/// refusing the reply twice before taking it — every log record of every level and category, and every activity, are
/// searched for the citizens' phone numbers, user ids, message ids, names and words.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LogPrivacyTests(AzuriteFixture azurite)
{
    // Values no other test uses, so that nothing else running in this process can put them in a trace.
    private const string Phone = "32470918273";
    private const string LocalPhone = "470918273";
    private const string Psid = "7093847561029384";
    private const string FirstName = "Philomena";
    private const string LastName = "Quackenbush";
    private const string WhatsAppMessageId = "wamid.HBgLMzI0NzA5MTgyNzMVAgASGBQzRUIwQzlGNEQ3";
    private const string MessengerMessageId = "m_Zr8QpL2vXk9wTn4yHc6aBd";
    private const string CitizenWords = "QX7781 paspoort gestolen";
    private const string CaptionWords = "ZV5521 fotokopie";
    private const string MessengerWords = "KW3309 au secours";
    private const string NoteWords = "NT3391 called the hospital";
    private const string ReplyWords = "RP4410 wij helpen u";

    [Fact]
    public async Task A_run_of_citizens_agents_and_failures_logs_no_phone_number_user_id_message_id_name_or_text()
    {
        using var telemetry = new CapturedTelemetry();
        await using var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["AutoReplies:Acknowledge"] = "true", ["AutoReplies:PostNotice"] = "true" },
            services => services.AddLogging(logging => logging.AddProvider(telemetry).AddFilter<CapturedTelemetry>(null, LogLevel.Trace)),
            development: true);
        var now = DateTimeOffset.UtcNow;

        var whatsApp = CitizenPayloads.WhatsApp(Phone, $"{FirstName} {LastName}", now, CitizenPayloads.WhatsAppText($"{CitizenWords} in Dakar", WhatsAppMessageId));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, whatsApp)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, whatsApp)).StatusCode.Should().Be(HttpStatusCode.OK, "a duplicate delivery is taken and stored once");
        var photo = CitizenPayloads.WhatsAppImage(CaptionWords);
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(Phone, $"{FirstName} {LastName}", now.AddSeconds(2), photo))).StatusCode.Should().Be(HttpStatusCode.OK);
        var messenger = CitizenPayloads.Messenger(Psid, now, CitizenPayloads.MessengerText($"{MessengerWords}, je suis à Dakar", MessengerMessageId));
        (await helpdesk.PostAsync(ChannelKind.Messenger, messenger)).StatusCode.Should().Be(HttpStatusCode.OK);

        var forger = new CitizenSimulator(helpdesk.Http, _ => "not-the-app-secret");
        (await forger.SendAsync(ChannelKind.WhatsApp, whatsApp, CancellationToken.None)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var cutOff = whatsApp[..(whatsApp.IndexOf(CitizenWords, StringComparison.Ordinal) + 12)];
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, cutOff)).StatusCode.Should().Be(HttpStatusCode.OK, "a malformed body is taken, and kept in the poison queue");
        (await HelpdeskInstance.EventuallyAsync(() => QueueDrain.InboundPoisonCountAsync(helpdesk), n => n == 1)).Should().Be(1, "its processing failed, and logged what it logs");

        var conversations = await HelpdeskInstance.EventuallyAsync(
            async () => (await helpdesk.ConversationRowsAsync()).Where(r => r.RowKey == "thread" && r.GetString("PostId") == "dakar").ToList(),
            headers => headers.Count == 2);
        conversations.Should().HaveCount(2, "both citizens named Dakar");
        var conversation = conversations.Single(h => h.GetString("Channel") == nameof(ChannelKind.WhatsApp)).PartitionKey;
        var media = await HelpdeskInstance.EventuallyAsync(
            async () => (await helpdesk.MessagesAsync()).Select(m => m.GetString("Media")).FirstOrDefault(m => m is not null),
            m => m?.Contains("available", StringComparison.Ordinal) == true);
        media.Should().Contain("available", "the photo was downloaded, so its path logged what it logs");

        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.GetAsync("api/triage/conversations?post=dakar")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.ThreadAsync(conversation))["messages"]!.AsArray().Should().NotBeEmpty();
        (await agent.PostAsJsonAsync("api/triage/search", new { q = LastName })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.ChangeAsync(conversation, "notes", new { text = NoteWords })).StatusCode.Should().Be(HttpStatusCode.Created);
        helpdesk.Graph.FailNext(500, 429);
        (await agent.ChangeAsync(conversation, "replies", new { replyId = Guid.NewGuid().ToString("N"), text = ReplyWords })).IsSuccessStatusCode.Should().BeTrue();
        var reply = await HelpdeskInstance.EventuallyAsync(
            () => Task.FromResult(helpdesk.Graph.Received.LastOrDefault(r => r.Body?.ToJsonString().Contains("RP4410", StringComparison.Ordinal) == true && r.Status == 200)),
            r => r is not null);
        reply.Should().NotBeNull("Meta took the reply after refusing it twice");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        var records = telemetry.Records;
        records.Should().Contain(r => r.Contains("ConsularHelpdesk", StringComparison.Ordinal), "the app's own logs were captured");
        records.Should().Contain(r => r.StartsWith("activity", StringComparison.Ordinal), "traces were captured");
        string[] personal =
        [
            Phone, LocalPhone, "+32 470", Psid, FirstName, LastName, WhatsAppMessageId, "MzI0NzA5MTgyNzM", MessengerMessageId,
            "QX7781", "paspoort", "ZV5521", "fotokopie", "KW3309", "secours", "NT3391", "hospital", "RP4410", "helpen",
        ];
        var leaks = records.SelectMany(r => personal.Where(p => r.Contains(p, StringComparison.OrdinalIgnoreCase)).Select(p => $"{p} in: {Clip(r)}")).ToList();
        leaks.Should().BeEmpty($"{records.Count} records were captured and none may hold personal data");
    }

    private static string Clip(string record) => record.Length <= 400 ? record : record[..400] + "…";
}
