using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>
/// The audit read back through <c>/api/triage/audit</c> and <c>/api/triage/audit/csv</c> against the self-host on
/// Azurite: rows written by the app's own <see cref="AuditLog"/> (on a clock the test sets), read by administrators and
/// by supervisors of the post only, filtered by agent, conversation and period, newest first, paged with a stable
/// token, at a cost in storage calls that the rest of the audit does not change; the CSV is safe in a spreadsheet; an
/// opening of a post's list is audited once, its polls are not; nothing under /audit writes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditApiTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly DateTimeOffset November = new(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_admin_pages_through_a_posts_audit_newest_first_and_filters_by_conversation_agent_and_period()
    {
        await using var helpdesk = await StartAsync();
        var clock = new SetClock();
        var log = new AuditLog(helpdesk.Storage, clock);
        var written = new List<(DateTimeOffset At, string Actor, string Conversation)>();
        for (var i = 0; i < 120; i++)
        {
            // Every 7 hours from 10 November: into December, two month partitions.
            clock.Now = November.AddHours(7 * i);
            var (actor, conversation) = (i % 3 == 0 ? "kinshasa-agent" : "africa-supervisor", $"conv-{i % 4}");
            await log.RecordAsync("kinshasa", actor, "read", conversation, null, CancellationToken.None);
            written.Add((clock.Now, actor, conversation));
        }

        clock.Now = November.AddDays(2);
        await log.RecordAsync("lubumbashi", "lubumbashi-agent", "read", "conv-0", null, CancellationToken.None);
        using var admin = await helpdesk.SignInAsync("admin");

        var all = await AllPagesAsync(admin, "post=kinshasa&from=2026-11-01&to=2026-12-31");
        var byConversation = await AllPagesAsync(admin, "post=kinshasa&from=2026-11-01&to=2026-12-31&conversation=conv-1");
        var byAgent = await AllPagesAsync(admin, "post=kinshasa&from=2026-11-01&to=2026-12-31&agent=kinshasa-agent");
        var period = await AllPagesAsync(admin, "post=kinshasa&from=2026-11-20&to=2026-12-02");

        all.Pages.Should().Be(3, "120 entries, 50 a page");
        all.Items.Select(e => e.At).Should().Equal(written.Select(w => w.At).OrderDescending(), "newest first, each entry once across the pages");
        all.Items.Should().OnlyContain(e => e.Post == "kinshasa", "another post's entry is not in this post's audit");
        byConversation.Items.Select(e => e.At).Should().Equal(written.Where(w => w.Conversation == "conv-1").Select(w => w.At).OrderDescending());
        byAgent.Items.Select(e => e.At).Should().Equal(written.Where(w => w.Actor == "kinshasa-agent").Select(w => w.At).OrderDescending());
        period.Items.Select(e => e.At).Should().Equal(written
            .Where(w => w.At >= new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero) && w.At < new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero))
            .Select(w => w.At).OrderDescending(), "both days included, across the end of the month");
    }

    [Fact]
    public async Task A_supervisor_reads_their_own_posts_only_and_an_agent_reads_none()
    {
        await using var helpdesk = await StartAsync();
        var log = new AuditLog(helpdesk.Storage, new SetClock { Now = November });
        await log.RecordAsync("kinshasa", "kinshasa-agent", "read", "conv-k", null, CancellationToken.None);
        await log.RecordAsync("lisbon", "lisbon-agent", "read", "conv-l", null, CancellationToken.None);
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        using var admin = await helpdesk.SignInAsync("admin");
        const string Period = "from=2026-11-01&to=2026-11-30";

        using var own = await supervisor.GetAsync($"api/triage/audit?post=kinshasa&{Period}");
        using var other = await supervisor.GetAsync($"api/triage/audit?post=lisbon&{Period}");
        using var otherCsv = await supervisor.GetAsync($"api/triage/audit/csv?post=lisbon&{Period}");
        using var byAgent = await agent.GetAsync($"api/triage/audit?post=kinshasa&{Period}");
        using var byAgentCsv = await agent.GetAsync($"api/triage/audit/csv?post=kinshasa&{Period}");
        using var byAdmin = await admin.GetAsync($"api/triage/audit?post=lisbon&{Period}");

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        Items(await own.Content.ReadFromJsonAsync<JsonObject>()).Select(e => e.Conversation).Should().Equal("conv-k");
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden, "Lisbon is not one of the supervisor's posts");
        otherCsv.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync()).Should().NotContain("conv-l");
        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden, "an agent without the supervisor or admin role reads no audit");
        byAgentCsv.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byAdmin.StatusCode.Should().Be(HttpStatusCode.OK);
        Items(await byAdmin.Content.ReadFromJsonAsync<JsonObject>()).Select(e => e.Conversation).Should().Equal("conv-l");
    }

    [Fact]
    public async Task Bad_filters_are_a_bad_request_never_a_server_error()
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");

        using var noPost = await admin.GetAsync("api/triage/audit?from=2026-11-01&to=2026-11-30");
        using var tooLong = await admin.GetAsync("api/triage/audit/csv?post=kinshasa&from=2026-01-01&to=2026-12-31");
        using var reversed = await admin.GetAsync("api/triage/audit?post=kinshasa&from=2026-11-30&to=2026-11-01");
        using var badDay = await admin.GetAsync("api/triage/audit?post=kinshasa&from=1-11-2026");
        using var badToken = await admin.GetAsync("api/triage/audit?post=kinshasa&continuation=bm90LWEtdG9rZW4");
        using var longAgent = await admin.GetAsync($"api/triage/audit?post=kinshasa&agent={new string('a', 201)}");
        using var unknownPost = await admin.GetAsync("api/triage/audit?post=atlantis");

        foreach (var response in new[] { noPost, tooLong, reversed, badDay, badToken, longAgent })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        (await tooLong.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().Should().Contain("92 days");
        unknownPost.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task One_page_costs_the_same_storage_calls_beside_10_or_500_entries_of_other_posts_and_months()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var clock = new SetClock();
        var log = new AuditLog(helpdesk.Storage, clock);
        for (var i = 0; i < 60; i++)
        {
            clock.Now = November.AddMinutes(i);
            await log.RecordAsync("kinshasa", "kinshasa-agent", "read", $"conv-{i}", null, CancellationToken.None);
        }

        await OthersAsync(log, clock, 10);
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.GetAsync("api/triage/audit?post=kinshasa&from=2026-11-01&to=2026-11-30")).StatusCode.Should().Be(HttpStatusCode.OK, "the first request has read what a session reads once");

        var few = await PageCallsAsync(admin, calls, "few others");
        await OthersAsync(log, clock, 490);
        var many = await PageCallsAsync(admin, calls, "many others");

        few.Should().HaveCountLessThanOrEqualTo(3, "at most the agent and their presence, and one query of one month partition");
        few.Count(c => c.Contains("Audit()", StringComparison.Ordinal)).Should().Be(1, "a page inside one month is one query");
        many.Should().Equal(few, "the other posts' and months' entries are in partitions the page never reads");
    }

    [Fact]
    public async Task The_csv_has_a_header_one_line_per_entry_and_no_cell_a_spreadsheet_would_run()
    {
        await using var helpdesk = await StartAsync();
        var clock = new SetClock { Now = November };
        var log = new AuditLog(helpdesk.Storage, clock);
        await log.RecordAsync("kinshasa", "kinshasa-agent", "note", "conv-1", "=HYPERLINK(\"http://x\")", CancellationToken.None);
        clock.Now = November.AddMinutes(1);
        await log.RecordAsync("kinshasa", "@agent", "tags", "conv-2", "+1, -2", CancellationToken.None);
        using var admin = await helpdesk.SignInAsync("admin");

        using var response = await admin.GetAsync("api/triage/audit/csv?post=kinshasa&from=2026-11-01&to=2026-11-30");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        (await response.Content.ReadAsStringAsync()).Split("\r\n").Should().Equal(
            "at,post,agent,action,conversation,details",
            "2026-11-10T08:01:00Z,kinshasa,'@agent,tags,conv-2,\"'+1, -2\"",
            "2026-11-10T08:00:00Z,kinshasa,kinshasa-agent,note,conv-1,\"'=HYPERLINK(\"\"http://x\"\")\"",
            string.Empty);
    }

    [Fact]
    public async Task Opening_a_posts_list_is_audited_once_and_its_polls_and_further_pages_are_not()
    {
        await using var helpdesk = await StartAsync();
        await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "243810000301", "Bonjour, je suis à Kinshasa", "kinshasa");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        using var admin = await helpdesk.SignInAsync("admin");

        using var opening = await agent.GetAsync("api/triage/posts/kinshasa/conversations?view=open");
        opening.StatusCode.Should().Be(HttpStatusCode.OK);
        using var poll = new HttpRequestMessage(HttpMethod.Get, "api/triage/posts/kinshasa/conversations?view=open");
        poll.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(opening.Headers.ETag!.ToString()));
        using var polled = await agent.SendAsync(poll);
        using var other = await agent.GetAsync("api/triage/posts/lisbon/conversations?view=open");

        polled.StatusCode.Should().Be(HttpStatusCode.NotModified);
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var audit = await AllPagesAsync(admin, $"post=kinshasa&from={today}&to={today}&agent=kinshasa-agent");
        audit.Items.Where(e => e.Action == "list.open").Should().ContainSingle("a poll with the list's ETag is no opening")
            .Which.Details.Should().Be("open");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task No_request_under_audit_changes_it(string method)
    {
        await using var helpdesk = await StartAsync();
        await new AuditLog(helpdesk.Storage, new SetClock { Now = November }).RecordAsync("kinshasa", "kinshasa-agent", "read", "conv-1", null, CancellationToken.None);
        using var admin = await helpdesk.SignInAsync("admin");
        var before = await RowsAsync(helpdesk);

        foreach (var path in new[] { "api/triage/audit?post=kinshasa", "api/triage/audit/csv?post=kinshasa", "api/triage/audit/kinshasa" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { post = "kinshasa" }) };
            request.Headers.Add("Origin", admin.BaseAddress!.GetLeftPart(UriPartial.Authority));
            using var response = await admin.SendAsync(request);
            ((int)response.StatusCode).Should().BeInRange(400, 499, $"{method} {path} is no route");
        }

        (await RowsAsync(helpdesk)).Should().Equal(before);
    }

    private sealed record Entry(DateTimeOffset At, string Post, string Agent, string Action, string? Conversation, string? Details);

    private sealed class SetClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = November;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private Task<HelpdeskInstance> StartAsync(StorageCallLog? calls = null) =>
        HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00", ["ResponseTargets:Period"] = "01:00:00" },
            development: true,
            services: calls is null ? null : s => s.AddSingleton<HttpPipelinePolicy>(calls));

    /// <summary>Entries of other posts (Lubumbashi, Lisbon) and of Kinshasa's other months (October, December).</summary>
    private static async Task OthersAsync(AuditLog log, SetClock clock, int count)
    {
        string[] posts = ["lubumbashi", "lisbon", "kinshasa", "kinshasa"];
        for (var i = 0; i < count; i++)
        {
            clock.Now = November.AddDays(i % 4 == 2 ? -30 : 30).AddMinutes(i);
            await log.RecordAsync(posts[i % 4], "someone", "read", $"other-{i}", null, CancellationToken.None);
        }
    }

    private async Task<List<string>> PageCallsAsync(HttpClient admin, StorageCallLog calls, string what)
    {
        calls.Clear();
        var page = await admin.GetFromJsonAsync<JsonObject>("api/triage/audit?post=kinshasa&from=2026-11-01&to=2026-11-30&agent=kinshasa-agent");
        Items(page).Should().HaveCount(50);
        var counted = calls.TableCalls.Select(c => c.Split('?')[0]).ToList();
        output.WriteLine($"{what}: {counted.Count} table calls:{Environment.NewLine}{string.Join(Environment.NewLine, calls.TableCalls)}");
        return counted;
    }

    private static async Task<(List<Entry> Items, int Pages)> AllPagesAsync(HttpClient client, string filter)
    {
        var items = new List<Entry>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var url = $"api/triage/audit?{filter}" + (continuation is null ? string.Empty : $"&continuation={Uri.EscapeDataString(continuation)}");
            var page = (await client.GetFromJsonAsync<JsonObject>(url))!;
            items.AddRange(Items(page));
            continuation = page["continuation"]?.GetValue<string>();
            pages++;
        }
        while (continuation is not null && pages < 20);

        return (items, pages);
    }

    private static List<Entry> Items(JsonObject? page) =>
        [.. page!["items"]!.AsArray().Select(e => new Entry(
            e!["at"]!.GetValue<DateTimeOffset>(),
            e["post"]!.GetValue<string>(),
            e["agent"]!.GetValue<string>(),
            e["action"]!.GetValue<string>(),
            e["conversation"]?.GetValue<string>(),
            e["details"]?.GetValue<string>()))];

    private static async Task<List<string>> RowsAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<string>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>())
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey}/{row.ETag}");
        }

        return rows;
    }
}
