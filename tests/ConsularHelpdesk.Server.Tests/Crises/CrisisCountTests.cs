using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Crises;

/// <summary>
/// A crisis's counter rows and indexes on Azurite: exact under concurrent projections and replays, moved by each change
/// of a conversation, and what one poll of the dashboard costs (the same for 3 conversations and 300).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrisisCountTests(AzuriteFixture azurite)
{
    private const string Waiting = CrisisConversationStates.Waiting;
    private const string Answered = CrisisConversationStates.Answered;
    private const string Closed = CrisisConversationStates.Closed;

    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_counts_are_exact_after_concurrent_projections_of_many_conversations_each_projected_twice_and_out_of_order()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var (rows, queries) = Parts(helpdesk);
        var crisis = NewCrisisId();
        var writes = new List<CrisisConversation>();
        var final = new List<CrisisConversation>();
        for (var i = 0; i < 120; i++)
        {
            var first = Row(i, i % 3 == 0 ? "dakar" : "lisbon", Waiting, 1, T0.AddMinutes(-i), channel: i % 2 == 0 ? "WhatsApp" : "Messenger");
            var answered = first with { State = Answered, WaitingSince = null, Revision = 2, LastActivityAt = first.LastActivityAt.AddMinutes(5) };
            var last = (i % 4) switch
            {
                0 => answered with { State = Closed, Revision = 3 },
                1 => first with { Level = "urgent", WaitingSince = T0.AddMinutes(i), LastActivityAt = T0.AddMinutes(i), Revision = 3 },
                2 => answered with { Level = "critical", PostId = first.PostId == "dakar" ? "lisbon" : "dakar", Revision = 3 },
                _ => first with { Revision = 3 },
            };
            writes.AddRange([first, answered, last, first, answered, last]);
            final.Add(last);
        }

        var shuffled = writes.OrderBy(_ => Random.Shared.Next()).ToList();
        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (row, ct) => await rows.UpsertAsync(crisis, row, ct));

        var dashboard = await queries.DashboardAsync(crisis, CancellationToken.None);
        dashboard.Should().BeEquivalentTo(Expected(final), "every conversation counted once, in its newest revision's state");
        (await rows.ListAsync(crisis, CancellationToken.None)).Select(r => r.Revision).Should().OnlyContain(r => r == 3, "an older projection finishing last overwrites nothing");
        var listed = await AllPagesAsync(queries, crisis, _ => true);
        listed.Select(r => r.ConversationId).Should().Equal(Ordered(final).Select(r => r.ConversationId), "one index row per conversation, in the list's order, none left behind by a move");
        (await queries.PageAsync(crisis, p => p == "dakar", null, CancellationToken.None)).Total.Should().Be(final.Count(r => r.PostId == "dakar"));
    }

    [Fact]
    public async Task Answering_closing_and_a_level_change_move_the_counts_the_oldest_waiting_follows_and_a_replay_moves_nothing()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var (rows, queries) = Parts(helpdesk);
        var crisis = NewCrisisId();
        var awa = Row(1, "dakar", Waiting, 1, T0);
        var ben = Row(2, "dakar", Waiting, 1, T0.AddMinutes(10), channel: "Messenger");
        await rows.UpsertAsync(crisis, awa, CancellationToken.None);
        await rows.UpsertAsync(crisis, ben, CancellationToken.None);

        var both = await queries.DashboardAsync(crisis, CancellationToken.None);
        (both.Conversations, both.Waiting, both.Answered, both.Closed).Should().Be((2, 2, 0, 0));
        (both.OldestWaitingConversationId, both.OldestWaitingSince).Should().Be((awa.ConversationId, T0));

        var answered = awa with { State = Answered, WaitingSince = null, LastActivityAt = T0.AddMinutes(20), Revision = 2 };
        await rows.UpsertAsync(crisis, answered, CancellationToken.None);
        var afterAnswer = await queries.DashboardAsync(crisis, CancellationToken.None);
        (afterAnswer.Waiting, afterAnswer.Answered).Should().Be((1, 1));
        afterAnswer.OldestWaitingConversationId.Should().Be(ben.ConversationId, "the one who waited longest was answered");

        await rows.UpsertAsync(crisis, answered with { Level = "urgent", Revision = 3 }, CancellationToken.None);
        (await queries.DashboardAsync(crisis, CancellationToken.None)).ByLevel.Should().Contain(new KeyValuePair<string, int>("urgent", 1)).And.Contain(new KeyValuePair<string, int>("elevated", 1));

        var closed = answered with { Level = "urgent", State = Closed, Revision = 4 };
        await rows.UpsertAsync(crisis, closed, CancellationToken.None);
        calls.Clear();
        await rows.UpsertAsync(crisis, closed, CancellationToken.None);
        await rows.UpsertAsync(crisis, awa, CancellationToken.None);
        calls.TableCalls.Should().HaveCount(2, "a replay of the same revision, or an older one, reads the row and writes nothing");

        var end = await queries.DashboardAsync(crisis, CancellationToken.None);
        (end.Conversations, end.Waiting, end.Answered, end.Closed).Should().Be((2, 1, 0, 1));
        end.ByLevel.Should().Contain(new KeyValuePair<string, int>("urgent", 1)).And.Contain(new KeyValuePair<string, int>("elevated", 1));
        end.ByChannel.Should().Equal(new Dictionary<string, int> { ["Messenger"] = 1, ["WhatsApp"] = 1 });
        (await AllPagesAsync(queries, crisis, _ => true)).Select(r => (r.ConversationId, r.State)).Should().Equal(
            [(awa.ConversationId, Closed), (ben.ConversationId, Waiting)], "urgent before elevated, whatever the state");

        await rows.UpsertAsync(crisis, ben with { State = Answered, WaitingSince = null, Revision = 2 }, CancellationToken.None);
        (await queries.DashboardAsync(crisis, CancellationToken.None)).OldestWaitingSince.Should().BeNull("nobody waits");
    }

    [Fact]
    public async Task One_poll_of_the_dashboard_costs_the_same_storage_calls_for_a_crisis_of_3_conversations_and_of_300()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        using var admin = await helpdesk.SignInAsync("admin");
        var small = await OpenAsync(admin, "SN");
        var large = await OpenAsync(admin, "TR");
        var (rows, _) = Parts(helpdesk);
        await Parallel.ForEachAsync(Enumerable.Range(0, 3), async (i, ct) => await rows.UpsertAsync(small, Row(i, i % 2 == 0 ? "dakar" : "ankara", Waiting, 1, T0.AddMinutes(-i)), ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await rows.UpsertAsync(large, Row(i, i % 2 == 0 ? "dakar" : "ankara", i % 5 == 0 ? Answered : Waiting, 1, T0.AddMinutes(-i)), ct));

        var smallCalls = await PollCallsAsync(admin, calls, small, 3);
        var largeCalls = await PollCallsAsync(admin, calls, large, 300);

        smallCalls.Should().HaveCount(7, "the crisis row, the counter rows and one waiting row for the counts; the crisis row, the counter rows and one page of each of its 2 posts for the list")
            .And.OnlyContain(c => c.Contains("Crises", StringComparison.Ordinal) && c.Contains(small, StringComparison.Ordinal));
        largeCalls.Should().HaveCount(smallCalls.Count, "a poll reads the same rows whatever the crisis's size");

        var first = (await admin.GetFromJsonAsync<JsonObject>($"api/triage/crises/{large}/conversations"))!;
        first["total"]!.GetValue<int>().Should().Be(300);
        first["conversations"]!.AsArray().Should().HaveCount(CrisisQueries.PageSize);
        var seen = new List<string>();
        for (JsonObject? page = first; page is not null;)
        {
            seen.AddRange(page["conversations"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
            page = page["next"]?.GetValue<string>() is { } next
                ? await admin.GetFromJsonAsync<JsonObject>($"api/triage/crises/{large}/conversations?after={Uri.EscapeDataString(next)}")
                : null;
        }

        seen.Should().OnlyHaveUniqueItems().And.HaveCount(300, "the pages cover the crisis once");
        using var bad = await admin.GetAsync($"api/triage/crises/{large}/conversations?after=c-anything");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_crisis_written_before_the_counters_is_counted_once_on_its_first_poll_and_then_read_as_any()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        using var admin = await helpdesk.SignInAsync("admin");
        var crisis = await OpenAsync(admin, "SN");
        var table = helpdesk.Table(n => n.Crises);
        await table.DeleteEntityAsync(crisis, CrisisKeys.CountedMarker);
        var old = Enumerable.Range(0, 40).Select(i => Row(i, "dakar", i % 4 == 0 ? Closed : Waiting, 5, T0.AddMinutes(i), channel: i % 2 == 0 ? "WhatsApp" : "Messenger")).ToList();
        foreach (var row in old)
        {
            // As the rows were written before: the projection of the header, no counter, no index.
            await table.UpsertEntityAsync(new TableEntity(crisis, CrisisKeys.Conversation(row.ConversationId))
            {
                ["PostId"] = row.PostId, ["Channel"] = row.Channel, ["Level"] = row.Level, ["State"] = row.State, ["WaitingSince"] = row.WaitingSince,
                ["LastActivityAt"] = row.LastActivityAt, ["Area"] = row.Area, ["Preview"] = row.Preview, ["Revision"] = row.Revision,
            });
        }

        var counted = await DashboardAsync(admin, crisis);
        calls.Clear();
        var again = await DashboardAsync(admin, crisis);

        counted["conversations"]!.GetValue<int>().Should().Be(40);
        counted["waiting"]!.GetValue<int>().Should().Be(30);
        counted["closed"]!.GetValue<int>().Should().Be(10);
        counted["oldestWaitingConversationId"]!.GetValue<string>().Should().Be(old[1].ConversationId);
        again.ToJsonString().Should().Be(counted.ToJsonString());
        calls.TableCalls.Where(c => !c.Contains("Presence", StringComparison.Ordinal)).Should().HaveCount(3, "counted once: the next poll reads the counter rows only");

        // A later projection of an old row moves it from the state it was counted in.
        var (rows, queries) = Parts(helpdesk);
        await rows.UpsertAsync(crisis, old[1] with { State = Answered, WaitingSince = null, Revision = 6 }, CancellationToken.None);
        var moved = await queries.DashboardAsync(crisis, CancellationToken.None);
        (moved.Conversations, moved.Waiting, moved.Answered, moved.Closed).Should().Be((40, 29, 1, 10));
        moved.OldestWaitingConversationId.Should().Be(old[2].ConversationId);
    }

    private static (CrisisConversations Rows, CrisisQueries Queries) Parts(HelpdeskInstance helpdesk) =>
        (helpdesk.Services.GetRequiredService<CrisisConversations>(), helpdesk.Services.GetRequiredService<CrisisQueries>());

    private static string NewCrisisId() => "cr" + T0.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];

    private static CrisisConversation Row(int i, string post, string state, long revision, DateTimeOffset since, string level = "elevated", string channel = "WhatsApp") =>
        new($"c{i:D24}", post, channel, level, state, state == Waiting ? since : null, since, since, "SN", $"Message {i}", revision);

    /// <summary>The dashboard counted by hand from the conversations' rows (what the API counted before the counter rows).</summary>
    private static CrisisDashboard Expected(List<CrisisConversation> rows)
    {
        var oldest = rows.Where(r => r.State == Waiting).OrderBy(r => r.WaitingSince).FirstOrDefault();
        return new CrisisDashboard(
            rows.Count,
            rows.Count(r => r.State == Waiting),
            rows.Count(r => r.State == Answered),
            rows.Count(r => r.State == Closed),
            CrisisDashboard.Levels.ToDictionary(l => l, l => rows.Count(r => r.Level == l)),
            rows.GroupBy(r => r.Channel).ToDictionary(g => g.Key, g => g.Count()),
            oldest?.WaitingSince,
            oldest?.ConversationId);
    }

    /// <summary>The list's order: level first, then waiting before answered before closed, the longest waiting, the newest.</summary>
    private static IEnumerable<CrisisConversation> Ordered(IEnumerable<CrisisConversation> rows) => rows
        .OrderByDescending(r => CrisisKeys.LevelRank(r.Level))
        .ThenBy(r => r.State == Waiting ? 0 : r.State == Answered ? 1 : 2)
        .ThenBy(r => r.WaitingSince ?? DateTimeOffset.MaxValue)
        .ThenByDescending(r => r.LastActivityAt)
        .ThenBy(r => r.ConversationId, StringComparer.Ordinal);

    private static async Task<List<CrisisConversation>> AllPagesAsync(CrisisQueries queries, string crisis, Func<string, bool> mayRead)
    {
        var all = new List<CrisisConversation>();
        string? after = null;
        do
        {
            var page = await queries.PageAsync(crisis, mayRead, after, CancellationToken.None);
            all.AddRange(page.Conversations);
            after = page.Next;
        }
        while (after is not null);
        return all;
    }

    private static async Task<string> OpenAsync(HttpClient admin, string country)
    {
        using var opened = await admin.PostAsJsonAsync("api/triage/crises", new
        {
            title = "Floods " + country,
            countries = new[] { country },
            subdivisions = Array.Empty<string>(),
            messages = new { nl = "Overstromingen.", fr = "Inondations.", de = "Überschwemmungen.", en = "Floods." },
        });
        opened.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> DashboardAsync(HttpClient client, string id) =>
        (JsonObject)(await client.GetFromJsonAsync<JsonObject>($"api/triage/crises/{id}"))!["dashboard"]!;

    /// <summary>The table calls of one poll as the page makes it: the crisis with its counts, and the first page of its list.</summary>
    private static async Task<IReadOnlyList<string>> PollCallsAsync(HttpClient client, StorageCallLog calls, string id, int conversations)
    {
        (await DashboardAsync(client, id))["conversations"]!.GetValue<int>().Should().Be(conversations);
        calls.Clear();
        Task[] poll = [DashboardAsync(client, id), client.GetFromJsonAsync<JsonObject>($"api/triage/crises/{id}/conversations")];
        await Task.WhenAll(poll);
        return [.. calls.TableCalls.Where(c => !c.Contains("Presence", StringComparison.Ordinal))];
    }
}
