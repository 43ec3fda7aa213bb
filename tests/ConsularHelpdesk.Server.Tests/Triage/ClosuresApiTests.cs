using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>
/// The closure days administrators store and import (<c>/api/triage/admin/closures</c>), through HTTP against the
/// self-host on Azurite: an imported day closes the post in <see cref="OfficeHours"/>, removing it reopens the post,
/// every change is audited, bad input is a 4xx problem and only administrators and supervisors of the post may change.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClosuresApiTests(AzuriteFixture azurite) : IAsyncDisposable
{
    /// <summary>Wednesday 16 December 2026, noon in Bangkok: a working day in the office-hours data.</summary>
    private static readonly DateTimeOffset WednesdayNoon = new(2026, 12, 16, 12, 0, 0, TimeSpan.FromHours(7));

    private const string Calendar = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Embassy Bangkok//Closures//EN
        BEGIN:VEVENT
        UID:staff-day-2026@example.org
        DTSTAMP:20261101T000000Z
        DTSTART;VALUE=DATE:20261216
        SUMMARY:Staff day
        END:VEVENT
        END:VCALENDAR
        """;

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task An_imported_calendar_closes_the_post_that_day_and_removing_the_day_opens_it_again()
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");
        var hours = helpdesk.Services.GetRequiredService<OfficeHours>();
        hours.IsOpen("bangkok", WednesdayNoon).Should().BeTrue("a working day before the import");

        using var imported = await ImportAsync(admin, "bangkok", Calendar);

        imported.StatusCode.Should().Be(HttpStatusCode.OK);
        (await imported.Content.ReadFromJsonAsync<JsonObject>())!["dates"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Equal("2026-12-16");
        hours.IsOpen("bangkok", WednesdayNoon).Should().BeFalse("the imported day closes the post");
        var year = await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/closures?post=bangkok&year=2026");
        year!["closures"]!.AsArray().Select(c => $"{c!["date"]} {c["source"]}").Should().Contain(["2026-12-07 data", "2026-12-16 stored"]);

        using var removed = await admin.DeleteAsync("api/triage/admin/closures/bangkok/2026-12-16");

        removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        hours.IsOpen("bangkok", WednesdayNoon).Should().BeTrue("the day was removed");
        (await AuditActionsAsync(helpdesk)).Should().BeEquivalentTo(["closure.import", "closure.remove"]);
    }

    [Fact]
    public async Task A_closure_day_set_with_a_note_is_listed_and_a_day_set_on_another_instance_counts_within_half_a_minute()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var first = await StartAsync(prefix);
        await using var second = await StartAsync(prefix);
        using var admin = await first.SignInAsync("admin");
        var elsewhere = second.Services.GetRequiredService<OfficeHours>();

        using var set = await admin.PutAsJsonAsync("api/triage/admin/closures/bangkok/2026-12-16", new { note = "Staff day" });

        set.StatusCode.Should().Be(HttpStatusCode.OK);
        var listed = (await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/closures?post=bangkok&year=2026"))!["closures"]!.AsArray()
            .Single(c => c!["date"]!.GetValue<string>() == "2026-12-16")!;
        listed["note"]!.GetValue<string>().Should().Be("Staff day");
        listed["changedBy"]!.GetValue<string>().Should().Be("admin");
        await elsewhere.RefreshAsync(CancellationToken.None);
        elsewhere.IsOpen("bangkok", WednesdayNoon).Should().BeTrue("the other instance checks the markers every 30 seconds");
        _clock.Jump(TimeSpan.FromSeconds(31));
        await elsewhere.RefreshAsync(CancellationToken.None);
        elsewhere.IsOpen("bangkok", WednesdayNoon).Should().BeFalse("the marker moved, so the other instance read the post's days again");
    }

    [Theory]
    [InlineData("BEGIN:VCALENDAR\r\nthis is not a calendar", "text/calendar")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "text/calendar")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "text/calendar")]
    public async Task A_bad_calendar_is_a_bad_request_and_stores_nothing(string body, string contentType)
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");

        using var response = await ImportAsync(admin, "bangkok", body, contentType);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().Should().StartWith("The iCalendar file");
        (await StoredDaysAsync(admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_input_is_a_problem_with_a_client_status_never_a_server_error()
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");

        using var longNote = await admin.PutAsJsonAsync("api/triage/admin/closures/bangkok/2026-12-16", new { note = new string('x', ClosureStore.MaxNote + 1) });
        using var badDate = await admin.PutAsJsonAsync("api/triage/admin/closures/bangkok/16-12-2026", new { note = "Staff day" });
        using var noYear = await admin.GetAsync("api/triage/admin/closures?post=bangkok");
        using var unknownPost = await admin.GetAsync("api/triage/admin/closures?post=atlantis&year=2026");
        using var notCalendar = await ImportAsync(admin, "bangkok", Calendar, "application/json");
        using var tooLarge = await ImportAsync(admin, "bangkok", Calendar + new string(' ', ClosureDaysImport.MaxBytes));
        using var notJson = await admin.PutAsync("api/triage/admin/closures/bangkok/2026-12-16", new StringContent("{ not json", Encoding.UTF8, "application/json"));

        longNote.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badDate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        noYear.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknownPost.StatusCode.Should().Be(HttpStatusCode.NotFound);
        notCalendar.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        notJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        foreach (var response in new[] { longNote, badDate, noYear, unknownPost, notCalendar, tooLarge, notJson })
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        (await StoredDaysAsync(admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task Only_administrators_and_the_supervisors_of_the_post_manage_its_closure_days()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");

        using var byAgent = await agent.PutAsJsonAsync("api/triage/admin/closures/kinshasa/2026-12-16", new { note = "Staff day" });
        using var agentImport = await ImportAsync(agent, "kinshasa", Calendar);
        using var agentList = await agent.GetAsync("api/triage/admin/closures?post=kinshasa&year=2026");
        using var otherPost = await supervisor.PutAsJsonAsync("api/triage/admin/closures/bangkok/2026-12-16", new { note = "Staff day" });
        using var ownPost = await supervisor.PutAsJsonAsync("api/triage/admin/closures/kinshasa/2026-12-16", new { note = "Staff day" });

        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        agentImport.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        agentList.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherPost.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ownPost.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<HelpdeskInstance> StartAsync(string? prefix = null)
    {
        var settings = prefix is null ? null : new Dictionary<string, string?> { ["Storage:Prefix"] = prefix };
        return await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, settings, services: s => s.AddSingleton<TimeProvider>(_clock.Time), development: true);
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string post, string ics, string contentType = "text/calendar") =>
        await client.PostAsync($"api/triage/admin/closures/{post}/import?from=2026-01-01&to=2026-12-31", new StringContent(ics, Encoding.UTF8, contentType));

    private static async Task<List<string>> StoredDaysAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/closures?post=bangkok&year=2026"))!["closures"]!.AsArray()
            .Where(c => c!["source"]!.GetValue<string>() == "stored").Select(c => c!["date"]!.GetValue<string>())];

    private static async Task<List<string>> AuditActionsAsync(HelpdeskInstance helpdesk)
    {
        var actions = new List<string>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>(e => e.PartitionKey.CompareTo("bangkok-") >= 0 && e.PartitionKey.CompareTo("bangkok.") < 0))
        {
            actions.Add(row.GetString("Action"));
        }

        return actions;
    }
}
