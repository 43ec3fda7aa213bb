using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>The roster API (<c>/api/triage/roster</c>, <c>/api/triage/coverage</c>) through the self-host on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RosterApiTests(AzuriteFixture azurite)
{
    // A week far from the demo roster's two weeks, so that its gaps are this test's alone.
    private static readonly DateTimeOffset Monday = NextMonday(DateTimeOffset.UtcNow.AddDays(28));

    [Fact]
    public async Task A_supervisor_rosters_a_hub_of_their_region_and_the_week_view_shows_the_shift_in_local_time_and_the_gaps_left()
    {
        await using var helpdesk = await StartAsync();
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        var start = Local(Monday.AddHours(16)); // Monday 17:00 in Kinshasa (UTC+1), the hub's clock
        var end = Local(Monday.AddDays(1).AddHours(7));

        using var added = await supervisor.AddShiftAsync("africa-night", "hub-central-africa", start, end, "First week of the new hub");
        var change = await added.Content.ReadFromJsonAsync<JsonObject>();
        var week = await supervisor.GetFromJsonAsync<JsonObject>($"api/triage/roster?target=hub-central-africa&week={IsoWeek(Monday)}");

        added.StatusCode.Should().Be(HttpStatusCode.Created);
        var shift = week!["shifts"]!.AsArray().Should().ContainSingle().Subject!;
        shift["agentName"]!.GetValue<string>().Should().Be("Night officer (Central Africa)");
        shift["localStart"]!.GetValue<string>().Should().Be(start);
        shift["start"]!.GetValue<DateTimeOffset>().Should().Be(Monday.AddHours(16));
        week["timeZone"]!.GetValue<string>().Should().Be("Africa/Kinshasa");
        var gaps = change!["gaps"]!.AsArray().Select(g => (Post: g!["post"]!.GetValue<string>(), From: g["from"]!.GetValue<DateTimeOffset>(), To: g["to"]!.GetValue<DateTimeOffset>())).ToList();
        gaps.Should().NotBeEmpty("the rest of the week is not covered");
        gaps.Should().NotContain(g => g.From < Monday.AddDays(1).AddHours(7) && g.To > Monday.AddHours(16), "the shift covers Monday night for every post of the hub");
        gaps.Should().Contain(g => g.Post == "kinshasa" && g.From == Monday.AddDays(1).AddHours(7), "the shift ends at 08:00 local, before Kinshasa opens");
        gaps.Select(g => g.Post).Distinct().Should().BeEquivalentTo(["kinshasa", "lubumbashi", "bujumbura", "kigali"]);
    }

    [Fact]
    public async Task A_supervisor_may_not_roster_a_post_outside_their_region_nor_an_agent_change_the_roster()
    {
        await using var helpdesk = await StartAsync();
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        using var outside = await supervisor.AddShiftAsync("night-duty", "bangkok", Local(Monday.AddHours(12)), Local(Monday.AddHours(20)));
        using var byAgent = await agent.AddShiftAsync("africa-night", "kinshasa", Local(Monday.AddHours(12)), Local(Monday.AddHours(20)));

        outside.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        outside.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("nobody", "kinshasa", "2026-01-05T17:00", "2026-01-06T07:00", null, "agentId")]
    [InlineData("kinshasa-agent", "kinshasa", "2026-01-05T17:00", "2026-01-06T07:00", null, "agentId")]
    [InlineData("africa-night", "atlantis", "2026-01-05T17:00", "2026-01-06T07:00", null, "target")]
    [InlineData("africa-night", "kinshasa", "5 January 17:00", "2026-01-06T07:00", null, "start")]
    [InlineData("africa-night", "kinshasa", "2026-01-05T17:00", "2026-01-05T16:00", null, "end")]
    [InlineData("africa-night", "kinshasa", "2026-01-05T17:00", "2026-01-12T17:01", null, "end")]
    [InlineData("africa-night", "kinshasa", "2026-01-05T17:00", "2026-01-06T07:00", 201, "note")]
    public async Task A_bad_shift_is_a_400_that_names_the_field_and_changes_nothing(string agentId, string target, string start, string end, int? noteLength, string field)
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");
        var year = DateTimeOffset.UtcNow.Year + 1;
        string Shift(string text) => text.StartsWith("2026", StringComparison.Ordinal) ? year + text[4..] : text;

        using var response = await admin.AddShiftAsync(agentId, target, Shift(start), Shift(end), noteLength is { } n ? new string('n', n) : null);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["errors"]!.AsObject().Select(e => e.Key).Should().Equal(field);
        (await RosterRowsAsync(helpdesk)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_shift_is_changed_and_removed_and_each_change_is_audited_without_its_note()
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");
        using var added = await admin.AddShiftAsync("africa-night", "kinshasa", Local(Monday.AddHours(17)), Local(Monday.AddHours(22)), "Call Mr Dupont first");
        var id = (await added.Content.ReadFromJsonAsync<JsonObject>())!["shift"]!["id"]!.GetValue<string>();

        using var changed = await admin.PutAsJsonAsync($"api/triage/roster/shifts/{id}", new { agentId = "africa-night", target = "kinshasa", start = Local(Monday.AddHours(17)), end = Local(Monday.AddDays(1).AddHours(7)) });
        var changedShift = (await changed.Content.ReadFromJsonAsync<JsonObject>())!["shift"]!;
        using var removed = await admin.DeleteAsync($"api/triage/roster/shifts/{changedShift["id"]!.GetValue<string>()}");
        using var again = await admin.DeleteAsync($"api/triage/roster/shifts/{changedShift["id"]!.GetValue<string>()}");

        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        changedShift["end"]!.GetValue<DateTimeOffset>().Should().Be(Monday.AddDays(1).AddHours(7));
        removed.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await RosterRowsAsync(helpdesk)).Should().BeEmpty();
        var audit = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo("kinshasa-") > 0 && r.PartitionKey.CompareTo("kinshasa.") < 0))
        {
            audit.Add(row);
        }

        audit.Select(a => a.GetString("Action")).Should().BeEquivalentTo(["roster.add", "roster.change", "roster.remove"]);
        audit.Should().OnlyContain(a => a.GetString("Actor") == "admin" && !(a.GetString("Details") ?? "").Contains("Dupont", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Any_agent_of_a_post_sees_who_covers_it_now_and_when_it_opens()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        using var other = await helpdesk.SignInAsync("dakar-agent");

        var coverage = await agent.GetFromJsonAsync<JsonObject>("api/triage/coverage?post=kinshasa");
        using var refused = await other.GetAsync("api/triage/coverage?post=kinshasa");

        coverage!["post"]!.GetValue<string>().Should().Be("kinshasa");
        coverage["cover"]!.AsArray().Select(c => (c!["agentId"]!.GetValue<string>(), c["role"]!.GetValue<string>()))
            .Should().Equal([("night-duty", "centralDesk")], "the demo roster puts the central desk's night officer on every post");
        coverage["nextOpen"].Should().NotBeNull();
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_supervisor_lists_the_hubs_of_their_region_named_in_their_language_an_admin_every_hub_and_an_agent_none()
    {
        await using var helpdesk = await StartAsync();
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        using var admin = await helpdesk.SignInAsync("admin");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        var mine = await supervisor.GetFromJsonAsync<JsonArray>("api/triage/roster/hubs");
        var all = await admin.GetFromJsonAsync<JsonArray>("api/triage/roster/hubs");
        using var refused = await agent.GetAsync("api/triage/roster/hubs");

        var hub = mine!.Should().ContainSingle("only the Central Africa hub lies wholly in the supervisor's region").Subject!;
        (hub["id"]!.GetValue<string>(), hub["name"]!.GetValue<string>(), hub["timeZone"]!.GetValue<string>()).Should().Be(("hub-central-africa", "Hub régional Afrique centrale", "Africa/Kinshasa"));
        hub["posts"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("kinshasa", "lubumbashi", "bujumbura", "kigali");
        all!.Select(h => h!["id"]!.GetValue<string>()).Should().Contain(["hub-southeast-asia", "hub-gulf", "hub-central-africa"]);
        all!.Single(h => h!["id"]!.GetValue<string>() == "hub-gulf")!["name"]!.GetValue<string>().Should().Be("Regional hub Gulf", "the administrator reads English");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    private async Task<HelpdeskInstance> StartAsync()
    {
        var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("africa-night", "Night officer (Central Africa)", "dutyOfficer", ["kinshasa", "lubumbashi", "bujumbura", "kigali"], "fr")).EnsureSuccessStatusCode();
        return helpdesk;
    }

    /// <summary>The shifts this test wrote (the demo roster's are the weeks around now).</summary>
    private static async Task<List<TableEntity>> RosterRowsAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.Roster).QueryAsync<TableEntity>(r => r.PartitionKey != "marker"))
        {
            if (row.GetString("AgentId") == "africa-night")
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    // Kinshasa is UTC+1 all year: a local time there is the UTC instant plus one hour.
    private static string Local(DateTimeOffset utc) => utc.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string IsoWeek(DateTimeOffset instant) =>
        $"{System.Globalization.ISOWeek.GetYear(instant.UtcDateTime):D4}-W{System.Globalization.ISOWeek.GetWeekOfYear(instant.UtcDateTime):D2}";

    private static DateTimeOffset NextMonday(DateTimeOffset from)
    {
        var day = from.UtcDateTime.Date;
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day, TimeSpan.Zero);
    }
}
