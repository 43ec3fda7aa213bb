using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>What a list and a poll cost, counted on the storage pipeline: open work apart from history, one read per quiet poll.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboxListTests(AzuriteFixture azurite)
{
    private const int History = 120;

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_poll_with_nothing_new_answers_304_from_one_table_call_whatever_the_history_holds()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        await ConversationAsync(helpdesk, "7210000000000001");
        await SeedHistoryAsync(helpdesk, History);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        foreach (var view in new[] { "open", "closed" })
        {
            using var first = await agent.GetAsync($"api/triage/posts/dakar/conversations?view={view}");
            calls.Clear();
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"api/triage/posts/dakar/conversations?view={view}");
            poll.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
            using var answer = await agent.SendAsync(poll);

            answer.StatusCode.Should().Be(HttpStatusCode.NotModified);
            InboxCalls(helpdesk, calls).Should().ContainSingle().Which.Should().StartWith("GET").And.Contain($"PartitionKey='{InboxKeys.MarkerPartition("dakar")}',RowKey='{InboxKeys.MarkerRowKey}'");
            // Nothing besides the marker: the agent was read by the first request and is kept for a while.
            calls.TableCalls.Should().ContainSingle("a quiet poll of one post costs exactly one table call");
        }
    }

    [Fact]
    public async Task The_open_views_read_only_the_open_partition_and_that_once_while_the_marker_stands()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var id = await ConversationAsync(helpdesk, "7210000000000002");
        await SeedHistoryAsync(helpdesk, History);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        calls.Clear();
        foreach (var view in new[] { "open", "unassigned", "waitingForUs", "mine", "waitingForCitizen", "urgent" })
        {
            var page = await agent.GetFromJsonAsync<JsonObject>($"api/triage/posts/dakar/conversations?view={view}");

            var expected = view is "open" or "unassigned" or "waitingForUs" ? new[] { id } : [];
            page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(expected, view);
        }

        // The marker for each list; the open partition once (the later views serve it from the snapshot the marker validates).
        InboxCalls(helpdesk, calls).Should().HaveCount(7).And.NotContain(c => c.Contains("closed-", StringComparison.Ordinal))
            .And.ContainSingle(c => c.Contains("PartitionKey eq 'open-dakar'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_closed_view_pages_newest_first_reading_one_page_per_request()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var seeded = await SeedHistoryAsync(helpdesk, History);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var shown = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            calls.Clear();
            var url = "api/triage/posts/dakar/conversations?view=closed" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await agent.GetFromJsonAsync<JsonObject>(url);
            shown.AddRange(page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            continuation = page["continuation"]?.GetValue<string>();
            pages++;

            // The marker, then one query of the history partition: one page, never the rest.
            InboxCalls(helpdesk, calls).Should().HaveCount(2).And.ContainSingle(c => c.Contains("PartitionKey eq 'closed-dakar'", StringComparison.Ordinal));
        }
        while (continuation is not null && pages < 10);

        pages.Should().Be(3);
        shown.Should().Equal(seeded, "newest close first, each once");
    }

    [Theory]
    [InlineData("closed", "not-a-token")]
    [InlineData("closed", "b3xkYWthcnw1MA")] // an open view's offset, offered to the history
    [InlineData("open", "aHxkYWthcnxjbG9zZWQtZGFrYXIgMQ")] // a history token, offered to an open view
    [InlineData("open", "b3xrYWJ1bHw1MA")] // another post's
    [InlineData("closed", "aHxkYWthcnxnYXJiYWdl")] // this list's, but not storage's form
    public async Task A_continuation_this_list_did_not_give_is_a_400(string view, string continuation)
    {
        await using var helpdesk = await StartAsync(null);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.GetAsync($"api/triage/posts/dakar/conversations?view={view}&continuation={continuation}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().Should().Contain("continuation");
    }

    [Fact]
    public async Task An_unknown_view_is_a_400()
    {
        await using var helpdesk = await StartAsync(null);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.GetAsync("api/triage/posts/dakar/conversations?view=all");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Closing_moves_the_row_to_the_history_and_reopening_moves_it_back()
    {
        await using var helpdesk = await StartAsync(null);
        var id = await ConversationAsync(helpdesk, "7210000000000003");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var before = await MarkerAsync(helpdesk);

        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        var closed = await RowsAsync(helpdesk);
        var marker = await MarkerAsync(helpdesk);
        (await agent.ChangeAsync(id, "reopen")).StatusCode.Should().Be(HttpStatusCode.OK);
        var reopened = await RowsAsync(helpdesk);

        closed.Should().ContainSingle().Which.Should().Match<(string PartitionKey, string RowKey)>(r => r.PartitionKey == "closed-dakar" && r.RowKey.EndsWith("-" + id, StringComparison.Ordinal));
        reopened.Should().Equal(("open-dakar", id));
        marker.Should().NotBe(before);
        (await MarkerAsync(helpdesk)).Should().NotBe(marker);
    }

    [Fact]
    public async Task Closing_a_closed_conversation_again_leaves_one_row_in_the_history()
    {
        await using var helpdesk = await StartAsync(null);
        var id = await ConversationAsync(helpdesk, "7210000000000004");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        var first = await RowsAsync(helpdesk);
        using var again = await agent.ChangeAsync(id, "close");

        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await RowsAsync(helpdesk)).Should().Equal(first, "the history row stays keyed by the first close");
        first.Should().ContainSingle().Which.PartitionKey.Should().Be("closed-dakar");
    }

    [Theory]
    [InlineData("no-such-post")]
    [InlineData("dakar%23x")]
    public async Task A_post_that_does_not_exist_is_a_404_before_any_storage_call(string post)
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        using var admin = await helpdesk.SignInAsync("admin");
        using var warmup = await admin.GetAsync("api/triage/posts/dakar/conversations");
        calls.Clear();

        using var response = await admin.GetAsync($"api/triage/posts/{post}/conversations");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        InboxCalls(helpdesk, calls).Should().BeEmpty();
    }

    private Task<HelpdeskInstance> StartAsync(StorageCallLog? calls) =>
        HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            development: true,
            services: calls is null ? null : s => s.AddSingleton<HttpPipelinePolicy>(calls));

    private static List<string> InboxCalls(HelpdeskInstance helpdesk, StorageCallLog calls) =>
        [.. calls.TableCalls.Where(c => c.Contains("/" + helpdesk.Storage.Names.Inbox, StringComparison.Ordinal))];

    /// <summary>Closed conversations of Dakar written as the documented schema has them; returns their ids newest close first.</summary>
    private static async Task<List<string>> SeedHistoryAsync(HelpdeskInstance helpdesk, int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => HistoryRows.Closed("dakar", $"c{i:D24}", Now.AddDays(-30).AddMinutes(i))).ToList();
        await HistoryRows.AddAsync(helpdesk.Table(n => n.Inbox), rows);
        return [.. rows.OrderByDescending(r => r.ClosedAt).Select(r => r.ConversationId)];
    }

    private static async Task<List<(string PartitionKey, string RowKey)>> RowsAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<(string, string)>();
        await foreach (var row in helpdesk.Table(n => n.Inbox).QueryAsync<TableEntity>(e => e.RowKey != InboxKeys.MarkerRowKey))
        {
            rows.Add((row.PartitionKey, row.RowKey));
        }

        return rows;
    }

    private static async Task<string?> MarkerAsync(HelpdeskInstance helpdesk)
    {
        var marker = await helpdesk.Table(n => n.Inbox).GetEntityIfExistsAsync<InboxMarkerEntity>(InboxKeys.MarkerPartition("dakar"), InboxKeys.MarkerRowKey);
        return marker.HasValue ? marker.Value!.ETag + "|" + marker.Value.Stamp : null;
    }

    /// <summary>A citizen writes on Messenger from Dakar; returns the conversation id once its row is in Dakar's open list.</summary>
    private static async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string psid)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, Now, CitizenPayloads.MessengerText("Je suis à Dakar")))).StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = await HelpdeskInstance.EventuallyAsync(() => RowsAsync(helpdesk), r => r.Any(x => x.PartitionKey == "open-dakar"));
        return rows.First(x => x.PartitionKey == "open-dakar").RowKey;
    }
}
