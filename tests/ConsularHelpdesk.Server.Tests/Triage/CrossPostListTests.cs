using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>Lists across posts (<c>GET /api/triage/conversations?scope=</c>) through the self-host on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrossPostListTests(AzuriteFixture azurite)
{
    private const string TwoPosts = "dakar-kinshasa-agent";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task My_posts_lists_every_post_the_agent_serves_and_no_other()
    {
        await using var helpdesk = await StartAsync(null);
        await SeedOpenAsync(helpdesk, "dakar", 2);
        await SeedOpenAsync(helpdesk, "kinshasa", 2);
        await SeedOpenAsync(helpdesk, "lisbon", 2);
        using var agent = await helpdesk.SignInAsync(TwoPosts);

        var items = await ItemsAsync(agent, "api/triage/conversations?scope=mine");

        items.Select(i => i["postId"]!.GetValue<string>()).Should().BeEquivalentTo(["dakar", "dakar", "kinshasa", "kinshasa"]);
        items.Select(i => i["id"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("dakar-agent", "all", HttpStatusCode.Forbidden)]
    [InlineData("dakar-agent", "duty", HttpStatusCode.Forbidden)]
    [InlineData("dakar-agent", "region", HttpStatusCode.Forbidden)]
    [InlineData("central-duty", "region", HttpStatusCode.Forbidden)]
    [InlineData("africa-supervisor", "all", HttpStatusCode.Forbidden)]
    [InlineData("admin", "all", HttpStatusCode.OK)]
    [InlineData("dakar-agent", "everything", HttpStatusCode.BadRequest)]
    public async Task A_scope_the_role_may_not_use_is_refused(string agentId, string scope, HttpStatusCode expected)
    {
        await using var helpdesk = await StartAsync(null);
        using var agent = await helpdesk.SignInAsync(agentId);

        using var response = await agent.GetAsync($"api/triage/conversations?scope={scope}");

        response.StatusCode.Should().Be(expected);
        if (expected != HttpStatusCode.OK)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }
    }

    [Theory]
    [InlineData("africa-supervisor", "region", new[] { "kinshasa", "lubumbashi" })]
    [InlineData("admin", "all", new[] { "central", "dakar", "kinshasa", "lisbon", "lubumbashi" })]
    public async Task Region_and_all_list_the_posts_the_role_covers(string agentId, string scope, string[] posts)
    {
        await using var helpdesk = await StartAsync(null);
        foreach (var post in new[] { "central", "dakar", "kinshasa", "lisbon", "lubumbashi" })
        {
            await SeedOpenAsync(helpdesk, post, 1);
        }

        using var agent = await helpdesk.SignInAsync(agentId);

        var items = await ItemsAsync(agent, $"api/triage/conversations?scope={scope}");

        items.Select(i => i["postId"]!.GetValue<string>()).Should().BeEquivalentTo(posts);
    }

    [Fact]
    public async Task Across_posts_urgent_comes_first_then_waiting_for_us_then_newest()
    {
        await using var helpdesk = await StartAsync(null);
        await SeedRowAsync(helpdesk, "dakar", "c000000000000000000000d1", Now.AddMinutes(-1), urgent: false, waitingForUs: true);
        await SeedRowAsync(helpdesk, "kinshasa", "c000000000000000000000k1", Now.AddHours(-5), urgent: true, waitingForUs: false);
        await SeedRowAsync(helpdesk, "kinshasa", "c000000000000000000000k2", Now.AddMinutes(-2), urgent: false, waitingForUs: false);
        await SeedRowAsync(helpdesk, "dakar", "c000000000000000000000d2", Now.AddHours(-2), urgent: false, waitingForUs: true);
        using var agent = await helpdesk.SignInAsync(TwoPosts);

        var items = await ItemsAsync(agent, "api/triage/conversations?scope=mine");

        items.Select(i => i["id"]!.GetValue<string>()).Should().Equal(
            "c000000000000000000000k1", "c000000000000000000000d1", "c000000000000000000000d2", "c000000000000000000000k2");
    }

    [Fact]
    public async Task Open_lists_page_across_posts_with_the_continuation_showing_each_conversation_once()
    {
        await using var helpdesk = await StartAsync(null);
        var seeded = (await SeedOpenAsync(helpdesk, "dakar", 40)).Concat(await SeedOpenAsync(helpdesk, "kinshasa", 30)).ToList();
        using var agent = await helpdesk.SignInAsync(TwoPosts);

        var (shown, pages) = await AllPagesAsync(agent, "api/triage/conversations?scope=mine");

        pages.Should().Be(2);
        shown.Should().BeEquivalentTo(seeded).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task The_closed_view_merges_the_posts_histories_newest_close_first_page_by_page()
    {
        await using var helpdesk = await StartAsync(null);
        var dakar = await SeedHistoryAsync(helpdesk, "dakar", 70, offsetMinutes: 0);
        var kinshasa = await SeedHistoryAsync(helpdesk, "kinshasa", 40, offsetMinutes: 1);
        await SeedHistoryAsync(helpdesk, "lisbon", 5, offsetMinutes: 2);
        using var agent = await helpdesk.SignInAsync(TwoPosts);

        var (shown, pages) = await AllPagesAsync(agent, "api/triage/conversations?scope=mine&view=closed");

        pages.Should().Be(3);
        shown.Should().Equal(dakar.Concat(kinshasa).OrderByDescending(r => r.ClosedAt).Select(r => r.Id), "newest close first across both posts, each once");
    }

    [Fact]
    public async Task A_filter_few_closed_conversations_match_pages_through_the_histories_a_bounded_read_at_a_time()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var dakar = await SeedHistoryAsync(helpdesk, "dakar", 300, offsetMinutes: 0, i => i % 100 == 7 ? "de" : "fr");
        var kinshasa = await SeedHistoryAsync(helpdesk, "kinshasa", 200, offsetMinutes: 1, i => i == 42 ? "de" : "fr");
        using var agent = await helpdesk.SignInAsync(TwoPosts);
        using var warmup = await agent.GetAsync("api/triage/me");

        var shown = new List<string>();
        string? continuation = null;
        var historyReads = new List<int>();
        do
        {
            calls.Clear();
            var page = await agent.GetFromJsonAsync<JsonObject>("api/triage/conversations?scope=mine&view=closed&language=de" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation)));
            shown.AddRange(page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            continuation = page["continuation"]?.GetValue<string>();
            var reads = calls.TableCalls.Where(c => c.Contains("closed-", StringComparison.Ordinal)).ToList();
            // Unfiltered pages of 50: how far each post was read is then known exactly (a filtered page may be short
            // without saying how far Azure scanned, and Azurite never answers short pages, so a test could not see it).
            reads.Should().OnlyContain(c => c.Contains("$top=50", StringComparison.Ordinal) && !c.Contains("Language", StringComparison.Ordinal));
            historyReads.Add(reads.Count);
        }
        while (continuation is not null && historyReads.Count < 20);

        var german = new HashSet<int> { 7, 107, 207 };
        shown.Should().Equal(
            dakar.Where((_, i) => german.Contains(i)).Append(kinshasa[42]).OrderByDescending(r => r.ClosedAt).Select(r => r.Id),
            "every matching conversation once, newest close first");
        historyReads.Should().OnlyContain(n => n <= 8, "at most four pages per post and request, however few rows match");
    }

    [Theory]
    [InlineData("open", "not-a-token")]
    [InlineData("open", "bHxtaW5lfDUw")] // a made-up kind
    [InlineData("open", "b3xhbGx8NTA")] // scope all's offset, offered to mine
    [InlineData("closed", "b3xtaW5lfDUw")] // an open view's offset, offered to the history
    [InlineData("closed", "aHxtaW5lfGxpc2Jvbjot")] // a post outside the scope
    [InlineData("closed", "aHxtaW5lfGRha2FyOmdhcmJhZ2U")] // this scope's, but not a history key
    public async Task A_continuation_this_list_did_not_give_is_a_400(string view, string continuation)
    {
        await using var helpdesk = await StartAsync(null);
        using var agent = await helpdesk.SignInAsync(TwoPosts);

        using var response = await agent.GetAsync($"api/triage/conversations?scope=mine&view={view}&continuation={continuation}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().Should().Contain("continuation");
    }

    [Fact]
    public async Task A_quiet_cross_post_poll_answers_304_from_one_table_call_per_post_and_a_change_in_any_post_answers_200()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7220000000000001", "Je suis à Dakar", "dakar");
        var kinshasa = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7220000000000002", "Je suis à Kinshasa", "kinshasa");
        using var agent = await helpdesk.SignInAsync(TwoPosts);
        using var first = await agent.GetAsync("api/triage/conversations?scope=mine");
        var etag = first.Headers.ETag!.ToString();

        calls.Clear();
        using (var quiet = await PollAsync(agent, etag))
        {
            quiet.StatusCode.Should().Be(HttpStatusCode.NotModified);
        }

        calls.TableCalls.Should().HaveCount(2, "one marker read per post in scope, nothing else")
            .And.OnlyContain(c => c.StartsWith("GET", StringComparison.Ordinal) && c.Contains("PartitionKey='" + InboxKeys.MarkerPartition(""), StringComparison.Ordinal));

        (await agent.ChangeAsync(kinshasa, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var changed = await PollAsync(agent, etag);
        changed.StatusCode.Should().Be(HttpStatusCode.OK, "a change in one post of the scope changes the list");
        changed.Headers.ETag!.ToString().Should().NotBe(etag);
    }

    [Fact]
    public async Task A_burst_of_polls_after_a_change_reads_the_open_partition_once()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        await SeedOpenAsync(helpdesk, "dakar", 3);
        using var one = await helpdesk.SignInAsync("dakar-agent");
        using var two = await helpdesk.SignInAsync(TwoPosts);

        calls.Clear();
        foreach (var client in new[] { one, two, one, two })
        {
            (await ItemsAsync(client, client == one ? "api/triage/posts/dakar/conversations" : "api/triage/conversations?scope=mine")).Should().HaveCount(3);
        }

        calls.TableCalls.Where(c => c.Contains("PartitionKey eq 'open-dakar'", StringComparison.Ordinal)).Should().ContainSingle();
    }

    private async Task<HelpdeskInstance> StartAsync(StorageCallLog? calls)
    {
        var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            development: true,
            services: calls is null ? null : s => s.AddSingleton<HttpPipelinePolicy>(calls));
        await helpdesk.Services.GetRequiredService<AgentDirectory>().SaveAsync(new Agent(TwoPosts, "Agent (Dakar and Kinshasa)", AgentRole.Agent, ["dakar", "kinshasa"], "fr"), CancellationToken.None);
        return helpdesk;
    }

    private static async Task<HttpResponseMessage> PollAsync(HttpClient agent, string etag)
    {
        using var poll = new HttpRequestMessage(HttpMethod.Get, "api/triage/conversations?scope=mine");
        poll.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return await agent.SendAsync(poll);
    }

    private static async Task<List<JsonObject>> ItemsAsync(HttpClient agent, string url) =>
        [.. (await agent.GetFromJsonAsync<JsonObject>(url))!["items"]!.AsArray().Select(i => i!.AsObject())];

    private static async Task<(List<string> Shown, int Pages)> AllPagesAsync(HttpClient agent, string url)
    {
        var shown = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await agent.GetFromJsonAsync<JsonObject>(url + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation)));
            shown.AddRange(page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            continuation = page["continuation"]?.GetValue<string>();
            pages++;
        }
        while (continuation is not null && pages < 10);

        return (shown, pages);
    }

    /// <summary>Open conversations of a post written as the documented schema has them; returns their ids.</summary>
    private static async Task<List<string>> SeedOpenAsync(HelpdeskInstance helpdesk, string post, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"c{post[..2]}{i:D22}";
            await SeedRowAsync(helpdesk, post, id, Now.AddMinutes(-i), urgent: false, waitingForUs: true);
            ids.Add(id);
        }

        return ids;
    }

    private static async Task SeedRowAsync(HelpdeskInstance helpdesk, string post, string id, DateTimeOffset lastActivity, bool urgent, bool waitingForUs) =>
        await helpdesk.Table(n => n.Inbox).AddEntityAsync(new InboxEntity
        {
            PartitionKey = InboxKeys.OpenPartition(post),
            RowKey = id,
            ConversationId = id,
            PostId = post,
            Channel = nameof(ChannelKind.Messenger),
            State = ThreadStates.Open,
            LastActivityAt = lastActivity,
            LastInboundAt = lastActivity,
            LastOutboundAt = waitingForUs ? null : lastActivity.AddSeconds(1),
            Urgent = urgent,
            Revision = 1,
        });

    private static async Task<List<(string Id, DateTimeOffset ClosedAt)>> SeedHistoryAsync(HelpdeskInstance helpdesk, string post, int count, int offsetMinutes, Func<int, string?>? language = null)
    {
        // Interleaved in time with the other posts' histories, so that the merge has to take from each in turn.
        var rows = Enumerable.Range(0, count)
            .Select(i => HistoryRows.Closed(post, $"c{post[..2]}h{i:D21}", Now.AddDays(-30).AddMinutes((i * 3) + offsetMinutes), language?.Invoke(i)))
            .ToList();
        await HistoryRows.AddAsync(helpdesk.Table(n => n.Inbox), rows);
        return [.. rows.Select(r => (r.ConversationId, r.ClosedAt!.Value))];
    }
}
