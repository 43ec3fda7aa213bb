using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Ingest;

/// <summary>
/// The example through the real webhook, queue and self-host on Azurite, on a Sunday night in Lisbon (the post
/// closed, a duty officer rostered): a citizen in distress jumps the queue, gets the urgent target, the duty officer is
/// told once and the citizen gets the emergency reply once (the fake Graph API), even when Meta delivers it twice; an
/// agent who lowers it is audited and holds against later automatic assessment but for a critical message.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistressFlowTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string Example = "Ich bin in Lissabon im Krankenhaus nach einem Unfall, bitte helfen Sie";

    /// <summary>Sunday 6 December 2026, 03:00 in Lisbon (UTC+0 in winter): the embassy is closed.</summary>
    private static readonly DateTimeOffset SundayNight = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    private const string CentralNumber = "+32 2 501 81 11";

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_citizen_in_hospital_after_an_accident_is_urgent_first_in_the_lisbon_and_duty_lists_told_to_the_duty_officer_and_answered_with_the_emergency_reply_once()
    {
        await using var helpdesk = await StartAsync();
        await helpdesk.ClearRosterAsync();
        await helpdesk.RosterAsync("lisbon-duty", "Duty officer (Lisbon)", "lisbon", "Europe/Lisbon");
        await TextAsync(helpdesk, "351910000001", "Ich bin in Lissabon und habe eine Frage zu meinem Reisepass");
        _clock.Jump(TimeSpan.FromMinutes(5));
        var sentAt = _clock.GetUtcNow();
        var body = CitizenPayloads.WhatsApp("351910000002", "Jonas", sentAt, CitizenPayloads.WhatsAppText(Example));

        await PostAsync(helpdesk, body);
        await PostAsync(helpdesk, body); // Meta delivers it again

        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread" && r.GetString("Preview") == Example);
        var id = header.PartitionKey;
        (header.GetString("PostId"), header.GetString("Level"), header.GetString("LevelSetBy"), header.GetBoolean("Urgent")).Should().Be(("lisbon", "urgent", "auto", true));
        header.GetString("LevelReason").Should().StartWith("distress:").And.Contain("hospital").And.Contain("accident");
        header.GetDateTimeOffset("DueAt").Should().BeCloseTo(sentAt + TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(1), "urgent: within 15 minutes of the message (Meta's whole seconds), at night too");
        var message = (await helpdesk.MessagesAsync()).Single(m => m.PartitionKey == id);
        message.GetString("DistressLevel").Should().Be("urgent");
        message.GetString("DistressMatches").Should().Contain("\"category\":\"hospital\"").And.Contain("\"category\":\"accident\"").And.NotContain("Lissabon");

        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        using var duty = await helpdesk.SignInAsync("lisbon-duty");
        var lisbon = (await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/lisbon/conversations"))!["items"]!.AsArray();
        var dutyList = (await duty.GetFromJsonAsync<JsonObject>("api/triage/conversations?scope=duty"))!["items"]!.AsArray();
        lisbon.Should().HaveCount(2);
        (lisbon[0]!["id"]!.GetValue<string>(), lisbon[0]!["level"]!.GetValue<string>()).Should().Be((id, "urgent"), "the distress message comes first though the other came first");
        dutyList[0]!["id"]!.GetValue<string>().Should().Be(id);

        var raised = (await helpdesk.AlertRowsAsync("lisbon-duty")).Where(r => r.GetString("Reason") == "raised").ToList();
        raised.Should().ContainSingle("told once, though the webhook came twice").Which.GetString("ConversationId").Should().Be(id);
        var sent = SentTo(helpdesk, "351910000002");
        sent.Should().ContainSingle("the emergency reply once, and no closure acknowledgement besides it").Which.Should()
            .StartWith("Wir haben Ihre Nachricht erhalten und sofort unseren Bereitschaftsdienst verständigt")
            .And.Contain(CentralNumber);
        SentTo(helpdesk, "351910000001").Should().ContainSingle().Which.Should().NotContain("Bereitschaftsdienst verständigt", "the ordinary question got the acknowledgement");

        var thread = await agent.ThreadAsync(id);
        var messages = thread["messages"]!.AsArray();
        var reply = messages.Single(m => m!["direction"]!.GetValue<string>() == "out")!;
        (reply["kind"]!.GetValue<string>(), reply["automatic"]!.GetValue<bool>()).Should().Be(("emergency", true));
        var distress = messages.Single(m => m!["direction"]!.GetValue<string>() == "in")!["distress"]!;
        distress["level"]!.GetValue<string>().Should().Be("urgent");
        distress["categories"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain(["hospital", "accident"]);
    }

    [Fact]
    public async Task An_agent_who_lowers_it_is_audited_and_a_later_urgent_message_does_not_raise_it_again_but_a_critical_one_does()
    {
        await using var helpdesk = await StartAsync();
        await helpdesk.ClearRosterAsync();
        await helpdesk.RosterAsync("lisbon-duty", "Duty officer (Lisbon)", "lisbon", "Europe/Lisbon");
        await TextAsync(helpdesk, "351910000003", Example);
        var id = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        using var agent = await helpdesk.SignInAsync("lisbon-agent");

        (await agent.ChangeAsync(id, "level", new { level = "elevated" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        _clock.Jump(TimeSpan.FromMinutes(2));
        await TextAsync(helpdesk, "351910000003", "Ich bin immer noch im Krankenhaus");
        var afterUrgent = await LevelAsync(helpdesk, id);
        _clock.Jump(TimeSpan.FromMinutes(2));
        await TextAsync(helpdesk, "351910000003", "Mein Kind wurde entführt");
        var afterCritical = await LevelAsync(helpdesk, id);

        (await AuditAsync(helpdesk)).Should().ContainSingle(r => r.GetString("Action") == "level" && r.GetString("Details") == "elevated" && r.GetString("Actor") == "lisbon-agent");
        afterUrgent.Should().Be(("elevated", "agent"), "the agent read the conversation and chose; another hospital message is no news");
        afterCritical.Should().Be(("critical", "auto"), "a life at stake is never held back by an earlier human call");
        (await helpdesk.AlertRowsAsync("lisbon-duty")).Where(r => r.GetString("Reason") == "raised").Select(r => r.GetInt32("Level")).Order()
            .Should().Equal([2, 3], "told of the first raise and of the critical one");
        SentTo(helpdesk, "351910000003").Should().ContainSingle("the emergency reply once per conversation");
    }

    private async Task<HelpdeskInstance> StartAsync()
    {
        // Moved before the start, while the clock has no timers yet.
        _clock.Jump(SundayNight - _clock.GetUtcNow());
        return await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?> { ["AutoReplies:Acknowledge"] = "true" });
    }

    private Task TextAsync(HelpdeskInstance helpdesk, string phone, string text) =>
        PostAsync(helpdesk, CitizenPayloads.WhatsApp(phone, "Jonas", _clock.GetUtcNow(), CitizenPayloads.WhatsAppText(text)));

    private static async Task PostAsync(HelpdeskInstance helpdesk, string body)
    {
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the message and what follows it are processed");
    }

    /// <summary>What the fake Graph API received for the citizen (the queues are drained: anything to send was sent).</summary>
    private static List<string> SentTo(HelpdeskInstance helpdesk, string phone) =>
        [.. helpdesk.Graph.Received.Where(r => r.Body?["to"]?.GetValue<string>() == phone).Select(r => r.Body!["text"]!["body"]!.GetValue<string>())];

    private static async Task<(string? Level, string? SetBy)> LevelAsync(HelpdeskInstance helpdesk, string id)
    {
        var header = (await helpdesk.Table(n => n.Conversations).GetEntityAsync<TableEntity>(id, "thread")).Value;
        return (header.GetString("Level"), header.GetString("LevelSetBy"));
    }

    private static async Task<List<TableEntity>> AuditAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
