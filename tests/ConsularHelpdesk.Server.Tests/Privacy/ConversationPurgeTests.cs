using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// <see cref="ConversationPurge"/> through a running help desk: conversations made as citizens and agents make them
/// (messages, an agent's reply sent through Meta's fake, an attachment, tags, a close), then one purged; every table and
/// container of the instance is scanned for the conversation's id and its texts afterwards.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConversationPurgeTests(AzuriteFixture azurite)
{
    /// <summary>Tables that keep the bare id on purpose (docs/storage.md): the audit (accountability), the alerts (deleted by age).</summary>
    private static readonly string[] KeptTables = ["Audit", "Notifications"];

    [Fact]
    public async Task A_purged_conversation_leaves_nothing_in_any_table_or_container_and_the_citizens_other_conversation_stays_listed_and_searchable()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var (purged, kept, other) = await ThreeConversationsAsync(helpdesk, agent, "221770001301", "Zebulon");

        var result = await Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None);

        result.Outcome.Should().Be(PurgeOutcome.Purged);
        result.Counts[PurgeKinds.Conversations].Should().Be(1);
        result.Counts[PurgeKinds.Messages].Should().BeGreaterThanOrEqualTo(3, "the citizen's two texts and the agent's reply");
        result.Counts[PurgeKinds.MessageIndex].Should().BeGreaterThanOrEqualTo(1, "the reply Meta accepted was indexed by its id");
        result.Counts[PurgeKinds.SearchIndex].Should().BeGreaterThanOrEqualTo(3, "the name's word, the old tag and the current one");
        result.Counts[PurgeKinds.Attachments].Should().Be(1);
        result.Counts[PurgeKinds.Inbox].Should().Be(1);
        result.Counts[PurgeKinds.ContactIndex].Should().Be(1);
        (await LeftOfAsync(helpdesk, purged, "PURGE-ME-1301", "PURGE-ME-TOO-1301")).Should().BeEmpty();

        (await ListAsync(agent, "closed")).Should().NotContain(purged);
        (await ListAsync(agent, "open")).Should().Contain([kept, other]);
        (await agent.GetAsync($"api/triage/conversations/{purged}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await agent.ThreadAsync(kept))["messages"]!.AsArray().Should().NotBeEmpty();
        (await SearchAsync(agent, "Zebulon")).Should().Equal(kept);
        (await SearchAsync(agent, "oldtag")).Should().BeEmpty();
        (await IndexOfAsync(helpdesk, "221770001301")).Should().Equal(kept);
        (await LeftOfAsync(helpdesk, kept, "KEEP-ME-1301")).Should().NotBeEmpty("the same citizen's other conversation is whole");
    }

    [Fact]
    public async Task A_second_purge_finds_nothing_and_changes_nothing()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var (purged, _, _) = await ThreeConversationsAsync(helpdesk, agent, "221770001302", "Yolanda");
        await Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None);
        var before = await SnapshotAsync(helpdesk);

        var again = await Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None);

        again.Outcome.Should().Be(PurgeOutcome.NotFound);
        again.Counts.Values.Should().OnlyContain(c => c == 0);
        (await SnapshotAsync(helpdesk)).Should().Equal(before, "not a row or blob written or removed, not even a marker bumped");
    }

    [Fact]
    public async Task A_purge_stopped_midway_is_finished_by_the_next()
    {
        // The first purge fails at its contact-index delete: the dependents before it are gone, the header is left.
        var fault = new FaultInjection(
            m => m.Request.Method == RequestMethod.Delete && Uri.UnescapeDataString(m.Request.Uri.Path).Contains("RowKey='conv-", StringComparison.Ordinal), 1);
        await using var helpdesk = await StartAsync(fault);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var (purged, kept, _) = await ThreeConversationsAsync(helpdesk, agent, "221770001303", "Xavier");

        var first = () => Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None);
        await first.Should().ThrowAsync<RequestFailedException>();
        fault.Injected.Should().Be(1);
        (await LeftOfAsync(helpdesk, purged, "PURGE-ME-1303")).Should().NotBeEmpty("the header and messages go last");

        var second = await Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None);

        second.Outcome.Should().Be(PurgeOutcome.Purged);
        second.Counts[PurgeKinds.ContactIndex].Should().Be(1, "the row the first run could not delete");
        second.Counts[PurgeKinds.Inbox].Should().Be(0, "the first run removed it");
        (await LeftOfAsync(helpdesk, purged, "PURGE-ME-1303", "PURGE-ME-TOO-1303")).Should().BeEmpty();
        (await ListAsync(agent, "open")).Should().Contain(kept);
    }

    [Fact]
    public async Task A_conversation_under_legal_hold_is_refused_unless_the_caller_overrides_the_hold()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var (held, _, _) = await ThreeConversationsAsync(helpdesk, agent, "221770001304", "Wilma");
        var headers = helpdesk.Services.GetRequiredService<ConversationHeaders>();
        var header = (await headers.GetAsync(held, CancellationToken.None))!;
        header.LegalHold = true;
        (await headers.TryReplaceAsync(header, CancellationToken.None)).Should().BeTrue();
        var before = await SnapshotAsync(helpdesk);

        var refused = await Purge(helpdesk).PurgeAsync(held, "test", CancellationToken.None);

        refused.Outcome.Should().Be(PurgeOutcome.Held);
        (await SnapshotAsync(helpdesk)).Should().Equal(before, "nothing deleted");
        (await Purge(helpdesk).PurgeAsync(held, "erasure", overrideLegalHold: true, CancellationToken.None)).Outcome.Should().Be(PurgeOutcome.Purged);
        (await LeftOfAsync(helpdesk, held, "PURGE-ME-1304")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_purge_costs_what_the_conversation_holds_not_what_the_post_or_the_contact_hold()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var (first, _, _) = await ThreeConversationsAsync(helpdesk, agent, "221770001305", "Victor");
        var (second, _, _) = await ThreeConversationsAsync(helpdesk, agent, "221770001306", "Victor");
        for (var i = 0; i < 10; i++)
        {
            // More history beside the second: ten more citizens of the same post.
            await helpdesk.ConversationAsync(ChannelKind.Messenger, $"76000000013{i:D2}", "Je suis à Dakar", "dakar");
        }

        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        calls.Clear();
        await Purge(helpdesk).PurgeAsync(first, "test", CancellationToken.None);
        var alone = calls.TableCalls;
        calls.Clear();
        await Purge(helpdesk).PurgeAsync(second, "test", CancellationToken.None);
        var beside = calls.TableCalls;

        // The area row (one a day the citizen wrote) is deleted only while it still names this conversation: the
        // citizen's next conversation may have taken it over, a point read then, no delete.
        static List<string> Shape(IReadOnlyList<string> calls) => [.. calls.Where(c => !c.Contains("AreaActivity(", StringComparison.Ordinal))];
        Shape(beside).Should().HaveCount(Shape(alone).Count, "the same conversation's shape costs the same, however many others there are");
        beside.Count(c => c.Contains("AreaActivity(", StringComparison.Ordinal)).Should().BeInRange(1, 2);
        alone.Count.Should().BeLessThanOrEqualTo(30, "docs/storage.md: a purge of a conversation of three messages");
        beside.Should().NotContain(c => c.StartsWith("GET ", StringComparison.Ordinal) && c.Contains("()", StringComparison.Ordinal) && !c.Contains("PartitionKey eq", StringComparison.Ordinal),
            "no query without its partition: nothing scans a table");
    }

    [Fact]
    public async Task A_purged_open_conversation_does_not_come_back_the_citizens_next_message_opens_a_new_one()
    {
        await using var helpdesk = await StartAsync();
        var purged = await ConversationAsync(helpdesk, "221770001307", "Ursula", "Je suis à Dakar PURGE-ME-1307");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        (await Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None)).Outcome.Should().Be(PurgeOutcome.Purged);
        await SendAsync(helpdesk, "221770001307", "Ursula", "Je suis encore à Dakar KEEP-ME-1307");

        var next = (await HelpdeskInstance.EventuallyAsync(() => IndexOfAsync(helpdesk, "221770001307"), ids => ids.Count == 1)).Should().ContainSingle().Subject;
        next.Should().NotBe(purged, "the contact was let go of the purged conversation before anything else");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        (await LeftOfAsync(helpdesk, purged, "PURGE-ME-1307")).Should().BeEmpty();
        (await LeftOfAsync(helpdesk, "KEEP-ME-1307")).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_purge_reaches_an_earlier_crisis_and_the_country_the_conversation_was_in_before_a_transfer()
    {
        await using var helpdesk = await StartAsync();
        using var admin = await helpdesk.SignInAsync("admin");
        var crises = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Crises.CrisisStore>();
        var open = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Crises.OpenCrises>();
        var first = await CrisisArea.OpenCrisisAsync(helpdesk, "SN");
        await open.RefreshAsync(CancellationToken.None, force: true);
        var purged = await ConversationAsync(helpdesk, "221770001308", "Theodora", "Je suis à Dakar PURGE-ME-1308");
        await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk, purged), h => h?.CrisisId == first.Id);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        await crises.CloseAsync(first.Id, "admin", "Administrator", CancellationToken.None);
        (await admin.ChangeAsync(purged, "transfer", new { postId = "lisbon", reason = "the citizen flew to Lisbon" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await CrisisArea.OpenCrisisAsync(helpdesk, "PT");
        await open.RefreshAsync(CancellationToken.None, force: true);
        await SendAsync(helpdesk, "221770001308", "Theodora", "PURGE-ME-TOO-1308");
        var header = await HelpdeskInstance.EventuallyAsync(() => HeaderAsync(helpdesk, purged), h => h?.CrisisId == second.Id);
        header!.CrisisId.Should().Be(second.Id, "the later crisis took the header over");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var areaRows = await QueueDrain.RowsAsync(helpdesk.Table(n => n.AreaActivity));
        areaRows.Select(r => r.PartitionKey[..2]).Distinct().Order().Should().Equal(["PT", "SN"], "the citizen wrote from Senegal, then to Lisbon");
        (await LeftOfAsync(helpdesk, purged)).Should().Contain(l => l.Contains(first.Id, StringComparison.Ordinal), "the first crisis holds the conversation");

        (await Purge(helpdesk).PurgeAsync(purged, "test", CancellationToken.None)).Outcome.Should().Be(PurgeOutcome.Purged);

        (await LeftOfAsync(helpdesk, purged, "PURGE-ME-1308", "PURGE-ME-TOO-1308")).Should().BeEmpty("neither crisis nor either country keeps the conversation");
        (await QueueDrain.RowsAsync(helpdesk.Table(n => n.AreaActivity))).Should().BeEmpty();
    }

    private static Task<ThreadHeaderEntity?> HeaderAsync(HelpdeskInstance helpdesk, string id) =>
        helpdesk.Services.GetRequiredService<ConversationHeaders>().GetAsync(id, CancellationToken.None);

    private Task<HelpdeskInstance> StartAsync(params HttpPipelinePolicy[] policies) =>
        HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s =>
        {
            foreach (var policy in policies)
            {
                s.AddSingleton(policy);
            }
        });

    private static ConversationPurge Purge(HelpdeskInstance helpdesk) => helpdesk.Services.GetRequiredService<ConversationPurge>();

    /// <summary>
    /// The purged one: a WhatsApp citizen's conversation with two texts, an agent's reply sent, an attachment, a tag
    /// replaced by another, closed. Then the same citizen's next conversation, and another citizen's.
    /// </summary>
    private static async Task<(string Purged, string Kept, string Other)> ThreeConversationsAsync(HelpdeskInstance helpdesk, HttpClient agent, string phone, string name)
    {
        var suffix = phone[^4..];
        var purged = await ConversationAsync(helpdesk, phone, name, $"Je suis à Dakar PURGE-ME-{suffix}");
        await SendAsync(helpdesk, phone, name, $"PURGE-ME-TOO-{suffix}");
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count(r => r.PartitionKey == purged && r.GetString("Direction") == "in") == 2);
        (await agent.ChangeAsync(purged, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Any(r => r.PartitionKey == purged && r.GetString("ChannelMessageId") is not null && r.GetString("Text") == "Bonjour"));
        (await agent.UploadFileAsync(purged, "scan.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n%PURGE\n"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await agent.ChangeAsync(purged, "tags", new { tags = new[] { "oldtag" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.ChangeAsync(purged, "tags", new { tags = new[] { "passport" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.ChangeAsync(purged, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        await SendAsync(helpdesk, phone, name, $"Je suis toujours à Dakar KEEP-ME-{suffix}");
        var kept = (await HelpdeskInstance.EventuallyAsync(() => IndexOfAsync(helpdesk, phone), ids => ids.Count == 2)).Single(id => id != purged);
        var other = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "2217799" + suffix, "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        return (purged, kept, other);
    }

    private static async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string phone, string name, string text)
    {
        await SendAsync(helpdesk, phone, name, text);
        return (await HelpdeskInstance.EventuallyAsync(() => IndexOfAsync(helpdesk, phone), ids => ids.Count == 1)).Single();
    }

    private static async Task SendAsync(HelpdeskInstance helpdesk, string phone, string name, string text) =>
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(phone, name, DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText(text)))).StatusCode.Should().Be(HttpStatusCode.OK);

    private static async Task<List<string>> IndexOfAsync(HelpdeskInstance helpdesk, string phone) =>
        [.. (await helpdesk.Services.GetRequiredService<ContactConversations>()
            .OfAsync(helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.WhatsApp, phone), CancellationToken.None))
            .Select(r => r.ConversationId)];

    /// <summary>Every row (keys and every property) and every blob (name and content) of the instance that holds one of the strings.</summary>
    private static async Task<List<string>> LeftOfAsync(HelpdeskInstance helpdesk, params string[] needles)
    {
        var found = new List<string>();
        foreach (var (table, rows) in await TablesAsync(helpdesk))
        {
            if (KeptTables.Any(t => table.EndsWith(t, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var row in rows)
            {
                var text = string.Join("|", row.Select(p => $"{p.Key}={p.Value}").Append(row.PartitionKey).Append(row.RowKey));
                found.AddRange(needles.Where(n => text.Contains(n, StringComparison.Ordinal)).Select(n => $"{table}: {row.PartitionKey} / {row.RowKey} holds {n}"));
            }
        }

        foreach (var (container, blobs) in await BlobsAsync(helpdesk))
        {
            foreach (var (blob, content) in blobs)
            {
                found.AddRange(needles.Where(n => blob.Contains(n, StringComparison.Ordinal) || content.Contains(n, StringComparison.Ordinal)).Select(n => $"{container}/{blob} holds {n}"));
            }
        }

        return found;
    }

    /// <summary>Every row's keys and ETag and every blob's name and ETag.</summary>
    private static async Task<List<string>> SnapshotAsync(HelpdeskInstance helpdesk)
    {
        var snapshot = new List<string>();
        foreach (var (table, rows) in await TablesAsync(helpdesk))
        {
            snapshot.AddRange(rows.Select(r => $"{table} {r.PartitionKey} {r.RowKey} {r.ETag}"));
        }

        var service = helpdesk.Storage.Blobs;
        await foreach (var container in service.GetBlobContainersAsync(Azure.Storage.Blobs.Models.BlobContainerTraits.None, Azure.Storage.Blobs.Models.BlobContainerStates.None, Prefix(helpdesk), CancellationToken.None))
        {
            await foreach (var blob in service.GetBlobContainerClient(container.Name).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
            {
                snapshot.Add($"{container.Name} {blob.Name} {blob.Properties.ETag}");
            }
        }

        return [.. snapshot.Order(StringComparer.Ordinal)];
    }

    private static string Prefix(HelpdeskInstance helpdesk) => helpdesk.Storage.Names.Conversations[..^"Conversations".Length];

    private static async Task<List<(string Table, List<TableEntity> Rows)>> TablesAsync(HelpdeskInstance helpdesk)
    {
        var prefix = Prefix(helpdesk);
        var result = new List<(string, List<TableEntity>)>();
        await foreach (var table in helpdesk.Storage.Tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            result.Add((table.Name, await QueueDrain.RowsAsync(helpdesk.Storage.Table(table.Name))));
        }

        return result;
    }

    private static async Task<List<(string Container, List<(string Blob, string Content)> Blobs)>> BlobsAsync(HelpdeskInstance helpdesk)
    {
        var result = new List<(string, List<(string, string)>)>();
        var service = helpdesk.Storage.Blobs;
        await foreach (var container in service.GetBlobContainersAsync(Azure.Storage.Blobs.Models.BlobContainerTraits.None, Azure.Storage.Blobs.Models.BlobContainerStates.None, Prefix(helpdesk), CancellationToken.None))
        {
            var client = service.GetBlobContainerClient(container.Name);
            var blobs = new List<(string, string)>();
            await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                blobs.Add((blob.Name, content));
            }

            result.Add((container.Name, blobs));
        }

        return result;
    }

    private static async Task<List<string>> ListAsync(HttpClient agent, string view)
    {
        var page = await agent.GetFromJsonAsync<JsonObject>($"api/triage/posts/dakar/conversations?view={view}");
        return [.. page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    private static async Task<List<string>> SearchAsync(HttpClient agent, string query)
    {
        using var response = await agent.PostAsJsonAsync("api/triage/search", new { q = query });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return [.. body!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }
}
