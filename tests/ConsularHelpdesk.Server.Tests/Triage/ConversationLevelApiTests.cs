using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Targets;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>
/// Agents raise and lower a conversation's level by hand (<c>PUT …/level</c>): audited, on the ETag, the response
/// target and the urgent flag follow, a raise to urgent or critical tells the post's duty officer once; every list
/// shows critical, then urgent, then elevated, then the rest, for no more storage calls than before.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConversationLevelApiTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task An_agent_who_raises_a_conversation_to_urgent_gives_it_the_urgent_target_and_the_duty_officer_is_told_once()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.ClearRosterAsync();
        await helpdesk.RosterAsync("dakar-duty", "Duty officer (Dakar)", "dakar", "Africa/Dakar");
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7700000000000001", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var waitingSince = (await HeaderAsync(helpdesk, id)).GetDateTimeOffset("WaitingSince")!.Value;

        using var raised = await agent.ChangeAsync(id, "level", new { level = "urgent" }, HttpMethod.Put);
        using var again = await agent.ChangeAsync(id, "level", new { level = "urgent" }, HttpMethod.Put);

        raised.StatusCode.Should().Be(HttpStatusCode.OK);
        var summary = (await raised.Content.ReadFromJsonAsync<JsonObject>())!;
        (summary["level"]!.GetValue<string>(), summary["levelSetBy"]!.GetValue<string>(), summary["urgent"]!.GetValue<bool>()).Should().Be(("urgent", "agent", true));
        var header = await HeaderAsync(helpdesk, id);
        header.GetDateTimeOffset("DueAt").Should().Be(waitingSince + TimeSpan.FromMinutes(15), "urgent: answered within 15 minutes of the citizen's message");
        (await helpdesk.DeadlineRowsAsync()).Should().ContainSingle().Which.RowKey.Should().Be(header.GetString("DeadlineKey"), "the old target's row is gone");
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var alerts = (await helpdesk.AlertRowsAsync("dakar-duty")).Where(r => r.GetString("Reason") == "raised").ToList();
        alerts.Should().ContainSingle("setting the same level again is no new raise").Which.GetInt32("Level").Should().Be((int)DistressLevel.Urgent);
        alerts[0].GetString("ConversationId").Should().Be(id);
        (await AuditAsync(helpdesk, "level")).Should().Equal("urgent", "urgent");
    }

    [Fact]
    public async Task An_agent_who_lowers_an_urgent_conversation_gives_it_the_posts_working_day_again_and_drops_the_urgent_tag()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7700000000000002", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "urgent", "passport" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        var urgentDue = (await HeaderAsync(helpdesk, id)).GetDateTimeOffset("DueAt");

        using var lowered = await agent.ChangeAsync(id, "level", new { level = "elevated" }, HttpMethod.Put);

        lowered.StatusCode.Should().Be(HttpStatusCode.OK);
        var summary = (await lowered.Content.ReadFromJsonAsync<JsonObject>())!;
        summary["level"]!.GetValue<string>().Should().Be("elevated");
        summary["urgent"]!.GetValue<bool>().Should().BeFalse();
        summary["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("passport");
        // The post's working day, whatever the hour the suite runs at (in the post's last hour it ends before the urgent target would).
        var header = await HeaderAsync(helpdesk, id);
        var workingDay = helpdesk.Services.GetRequiredService<ResponseDeadline>().DueAt("dakar", urgent: false, header.GetDateTimeOffset("WaitingSince")!.Value);
        header.GetDateTimeOffset("DueAt").Should().Be(workingDay, "no longer urgent: due by the end of the post's working day");
        workingDay.Should().NotBe(urgentDue!.Value);
        (await AuditAsync(helpdesk, "level")).Should().Equal("elevated");
    }

    [Fact]
    public async Task A_level_that_is_not_one_of_the_four_is_a_400_and_changes_nothing()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7700000000000003", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var dueBefore = (await HeaderAsync(helpdesk, id)).GetDateTimeOffset("DueAt");

        using var unknown = await agent.ChangeAsync(id, "level", new { level = "panic" }, HttpMethod.Put);
        using var missing = await agent.ChangeAsync(id, "level", new { }, HttpMethod.Put);
        using var stale = await agent.ChangeAsync(id, "level", new { level = "urgent" }, HttpMethod.Put, r => r.Headers.IfMatch.ParseAdd("\"stale\""));

        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        var header = await HeaderAsync(helpdesk, id);
        header.GetString("Level").Should().BeNull();
        (header.GetBoolean("Urgent"), header.GetDateTimeOffset("DueAt")).Should().Be((false, dueBefore));
        (await AuditAsync(helpdesk, "level")).Should().BeEmpty();
    }

    [Fact]
    public async Task Every_list_shows_critical_then_urgent_then_elevated_then_the_rest_for_the_same_storage_calls()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var ids = new List<string>();
        foreach (var psid in new[] { "7700000000000010", "7700000000000011", "7700000000000012", "7700000000000013" })
        {
            ids.Add(await helpdesk.ConversationAsync(ChannelKind.Messenger, psid, "Je suis à Dakar", "dakar"));
            _clock.Jump(TimeSpan.FromMinutes(1));
        }

        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(ids[0], "level", new { level = "elevated" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.ChangeAsync(ids[1], "level", new { level = "critical" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.ChangeAsync(ids[2], "level", new { level = "urgent" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var admin = await helpdesk.SignInAsync("admin");
        await admin.GetAsync("api/triage/me");

        calls.Clear();
        var post = (await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations"))!;
        var postCalls = InboxCalls(helpdesk, calls);
        calls.Clear();
        var scope = (await admin.GetFromJsonAsync<JsonObject>("api/triage/conversations?scope=all"))!;

        Listed(post).Should().Equal((ids[1], "critical"), (ids[2], "urgent"), (ids[0], "elevated"), (ids[3], "none"));
        Listed(scope).Where(i => ids.Contains(i.Id)).Should().Equal((ids[1], "critical"), (ids[2], "urgent"), (ids[0], "elevated"), (ids[3], "none"));
        postCalls.Should().HaveCount(2, "the marker and the open partition, as before levels: the level sorts in memory what is read anyway");
    }

    [Fact]
    public async Task A_raise_from_outside_the_message_path_only_raises_and_holds_back_before_an_agents_choice_but_for_critical()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7700000000000020", "Je suis à Dakar", "dakar");
        var levels = helpdesk.Services.GetRequiredService<ConversationLevels>();
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var toElevated = await levels.RaiseAsync(id, DistressLevel.Elevated, "crisis:test", "crisis-1", CancellationToken.None);
        var notLower = await levels.RaiseAsync(id, DistressLevel.None, "crisis:test", "crisis-1", CancellationToken.None);
        (await agent.ChangeAsync(id, "level", new { level = "none" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        var heldBack = await levels.RaiseAsync(id, DistressLevel.Urgent, "crisis:test", "crisis-2", CancellationToken.None);
        var critical = await levels.RaiseAsync(id, DistressLevel.Critical, "crisis:test", "crisis-3", CancellationToken.None);

        (toElevated.Changed, toElevated.After).Should().Be((true, DistressLevel.Elevated));
        notLower.Changed.Should().BeFalse();
        heldBack.Changed.Should().BeFalse("the agent chose none after reading it");
        (critical.Changed, critical.After).Should().Be((true, DistressLevel.Critical));
        var header = await HeaderAsync(helpdesk, id);
        (header.GetString("Level"), header.GetString("LevelSetBy"), header.GetString("LevelReason"), header.GetBoolean("Urgent")).Should().Be(("critical", "auto", "crisis:test", true));
    }

    private static List<(string Id, string Level)> Listed(JsonObject page) =>
        [.. page["items"]!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["level"]!.GetValue<string>()))];

    private static List<string> InboxCalls(HelpdeskInstance helpdesk, StorageCallLog calls) =>
        [.. calls.TableCalls.Where(c => c.Contains("/" + helpdesk.Storage.Names.Inbox, StringComparison.Ordinal))];

    private static async Task<TableEntity> HeaderAsync(HelpdeskInstance helpdesk, string id) =>
        (await helpdesk.Table(n => n.Conversations).GetEntityAsync<TableEntity>(id, "thread")).Value;

    /// <summary>The details of the audit rows of <paramref name="action"/>, oldest first.</summary>
    private static async Task<List<string>> AuditAsync(HelpdeskInstance helpdesk, string action)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return [.. rows.Where(r => r.GetString("Action") == action).OrderBy(r => r.Timestamp).Select(r => r.GetString("Details") ?? string.Empty)];
    }
}
