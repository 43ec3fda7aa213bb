using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Broadcasts;

/// <summary>
/// Broadcasts to the citizens of a crisis area through the self-host on Azurite, against the fake Graph API, over HTTP:
/// what each citizen receives is counted from the fake's requests and their receive times.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BroadcastTests(AzuriteFixture azurite)
{
    private const int Rate = 50;
    private const int Burst = 10;

    private static readonly JsonObject Update = new()
    {
        ["nl"] = "Overstromingen in Lissabon.\nBlijf binnen.      Noodnummer 112.",
        ["fr"] = "Inondations à Lisbonne.\nRestez à l'intérieur.",
        ["de"] = "Überschwemmungen in Lissabon.\nBleiben Sie drinnen.",
        ["en"] = "Floods in Lisbon.\nStay indoors.\tEmergency number 112.",
    };

    private Task<HelpdeskInstance> StartAsync(int rate = Rate, string? prefix = null, FakeGraphApi? graph = null, int collectBatch = 5_000, Action<IServiceCollection>? services = null) =>
        HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Broadcasts:CollectBatch"] = collectBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Storage:Prefix"] = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12],
                ["Broadcasts:WhatsAppTemplates:nl:Name"] = "crisis_update",
                ["Broadcasts:WhatsAppTemplates:nl:Language"] = "nl",
                ["Broadcasts:WhatsAppTemplates:en:Name"] = "crisis_update",
                ["Broadcasts:WhatsAppTemplates:en:Language"] = "en_US",
                ["Broadcasts:PageSize"] = "100",
                ["Broadcasts:Lease"] = "00:00:10",
                ["Throttle:MessagesPerSecond"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Throttle:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Queue:VisibilityTimeout"] = "00:00:03",
                // Thousands of rows are seeded and sent on a shared build machine: a slow Azurite is no outage here.
                ["Storage:NetworkTimeout"] = "00:00:10",
            },
            services: services,
            development: true,
            sharedGraph: graph);

    [Fact]
    public async Task Each_citizen_of_the_area_gets_one_message_under_the_platforms_rules_and_the_throttle()
    {
        await using var helpdesk = await StartAsync();
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        var now = DateTimeOffset.UtcNow;
        // Eight kinds of citizen, 250 each: 2,000.
        var citizens = Enumerable.Range(0, 2000).Select(i => (i % 8) switch
        {
            0 => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddHours(-1), "nl"), // free-form
            1 => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddHours(-20), "de"), // free-form, any language
            2 => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-3), "nl"), // template nl
            3 => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-3), "en"), // template en_US
            4 => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-3), "fr"), // no French template: not reachable
            5 => CrisisArea.Citizen(i, ChannelKind.Messenger, now.AddHours(-2), "fr"), // free-form UPDATE
            6 => CrisisArea.Citizen(i, ChannelKind.Messenger, now.AddDays(-3), "en"), // HUMAN_AGENT tag
            _ => CrisisArea.Citizen(i, ChannelKind.Messenger, now.AddDays(-10), "nl"), // past the tag's 7 days: not reachable
        }).ToList();
        await CrisisArea.SeedAsync(helpdesk, citizens);
        var transient = citizens.Where((_, i) => i % 8 == 0).Take(5).Select(c => c.UserId).ToList();
        var refused = citizens.Where((_, i) => i % 8 == 1).Take(5).Select(c => c.UserId).ToList();
        transient.ForEach(r => helpdesk.Graph.FailFor(r, 429, 500)); // the HTTP client's retries get it through
        refused.ForEach(r => helpdesk.Graph.FailFor(r, 400)); // Meta refuses it: failed for good
        using var supervisor = await helpdesk.SignInAsync("admin");

        using var created = await supervisor.PostAsJsonAsync($"api/triage/crises/{crisis.Id}/broadcasts", new JsonObject { ["days"] = 14, ["text"] = Update.DeepClone() });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var done = await HelpdeskInstance.EventuallyAsync(
            () => supervisor.ProgressAsync(crisis.Id, id),
            p => p["phase"]!.GetValue<string>() == "done" && p["counts"]!["queued"]!.GetValue<int>() == 0,
            TimeSpan.FromMinutes(10)); // 2,000 sends, paced by the throttle: up to about 7 minutes on a loaded 2-core machine
        (await OutboundEmptyAsync(helpdesk)).Should().BeTrue();

        done["recipients"]!.GetValue<int>().Should().Be(2000);
        var counts = done["counts"]!;
        counts["notReachable"]!.GetValue<int>().Should().Be(500);
        counts["failed"]!.GetValue<int>().Should().Be(5);
        counts["sent"]!.GetValue<int>().Should().Be(1495);
        counts["queued"]!.GetValue<int>().Should().Be(0);

        var received = helpdesk.Graph.Received;
        var accepted = received.Where(r => r.Status == 200).ToList();
        var byRecipient = accepted.GroupBy(r => r.Recipient!).ToDictionary(g => g.Key, g => g.ToList());
        var reachable = citizens.Where((_, i) => i % 8 is not (4 or 7)).Select(c => c.UserId).Except(refused).ToList();
        byRecipient.Keys.Should().BeEquivalentTo(reachable, "every reachable citizen, and no one else, got a message");
        byRecipient.Values.Should().OnlyContain(requests => requests.Count == 1, "each got exactly one");
        received.Count(r => transient.Contains(r.Recipient!)).Should().Be(15, "two failed attempts and the one that went through, for each of the five");
        received.Count(r => refused.Contains(r.Recipient!)).Should().Be(5, "a 400 is not retried");

        foreach (var (citizen, i) in citizens.Select((c, i) => (c, i)).Where(x => byRecipient.ContainsKey(x.c.UserId)))
        {
            var body = byRecipient[citizen.UserId][0].Body!;
            switch (i % 8)
            {
                case 0 or 1:
                    body["type"]!.GetValue<string>().Should().Be("text");
                    body["text"]!["body"]!.GetValue<string>().Should().Be(Update[i % 8 == 0 ? "nl" : "de"]!.GetValue<string>(), "free-form keeps the text as written");
                    break;
                case 2 or 3:
                    body["type"]!.GetValue<string>().Should().Be("template");
                    body["template"]!["name"]!.GetValue<string>().Should().Be("crisis_update");
                    body["template"]!["language"]!["code"]!.GetValue<string>().Should().Be(i % 8 == 2 ? "nl" : "en_US");
                    body["template"]!["components"]![0]!["parameters"]![0]!["text"]!.GetValue<string>().Should().Be(
                        i % 8 == 2 ? "Overstromingen in Lissabon. Blijf binnen. Noodnummer 112." : "Floods in Lisbon. Stay indoors. Emergency number 112.");
                    break;
                case 5:
                    body["messaging_type"]!.GetValue<string>().Should().Be("UPDATE");
                    body["tag"].Should().BeNull();
                    body["message"]!["text"]!.GetValue<string>().Should().Be(Update["fr"]!.GetValue<string>());
                    break;
                case 6:
                    body["messaging_type"]!.GetValue<string>().Should().Be("MESSAGE_TAG");
                    body["tag"]!.GetValue<string>().Should().Be("HUMAN_AGENT");
                    break;
            }
        }

        // Measured on the messages that went through (a 429 or 5xx is retried by the HTTP client with back-off, not paced).
        foreach (var account in accepted.GroupBy(r => r.Path))
        {
            var times = account.Select(r => r.At).Order().ToList();
            var busiest = times.Select((t, k) => times.Skip(k).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
            busiest.Should().BeLessThanOrEqualTo(Rate + Burst, $"{account.Key}: at most rate + burst in any second");
        }

        // The message is in each citizen's thread as the broadcast's, and Meta's statuses move its recipient on.
        var thread = await supervisor.ThreadAsync(citizens[2].ConversationId);
        var message = thread["messages"]!.AsArray().Single(m => m!["direction"]!.GetValue<string>() == "out")!;
        message["broadcast"]!.GetValue<string>().Should().Be(id);
        message["text"]!.GetValue<string>().Should().Contain("Overstromingen");
        var ours = await helpdesk.OutboundAsync();
        var sentIds = citizens.Take(24).Where((_, i) => i % 8 is 0 or 2)
            .Select(c => (c.UserId, ours.First(r => r.PartitionKey == c.ConversationId).GetString("ChannelMessageId"))).ToList();
        foreach (var (user, messageId) in sentIds.Take(3))
        {
            (await helpdesk.PostAsync(ChannelKind.WhatsApp, CrisisArea.WhatsAppStatus(messageId!, user, "delivered", now))).EnsureSuccessStatusCode();
        }

        foreach (var (user, messageId) in sentIds.Skip(3))
        {
            (await helpdesk.PostAsync(ChannelKind.WhatsApp, CrisisArea.WhatsAppStatus(messageId!, user, "read", now))).EnsureSuccessStatusCode();
        }

        var after = await HelpdeskInstance.EventuallyAsync(
            () => supervisor.ProgressAsync(crisis.Id, id),
            p => p["counts"]!["read"]!.GetValue<int>() == 3 && p["counts"]!["delivered"]!.GetValue<int>() == 3);
        after["counts"]!["sent"]!.GetValue<int>().Should().Be(1489);
    }

    [Fact]
    public async Task Collecting_reads_the_area_index_once_through_and_keeps_each_citizen_once_with_their_newest_message()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(collectBatch: 100, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var now = DateTimeOffset.UtcNow;
        // 600 citizens who last wrote 9 to 10 days ago (Messenger, past the tag's 7 days: none is sent anything, the
        // test is about collecting); a third of them wrote on earlier days too, a fifth also from Spain, earlier that day.
        var citizens = Enumerable.Range(0, 600).Select(i => CrisisArea.Citizen(i, ChannelKind.Messenger, now.AddDays(-9).AddMinutes(-i), "en")).ToList();
        await CrisisArea.SeedAsync(helpdesk, citizens);
        var keys = helpdesk.Services.GetRequiredService<StorageKeys>();
        var index = helpdesk.Services.GetRequiredService<AreaActivity>();
        var rows = citizens.Count;
        foreach (var (citizen, i) in citizens.Select((c, i) => (c, i)))
        {
            var key = keys.ContactKey(citizen.Channel, citizen.UserId);
            if (i % 3 == 0)
            {
                await index.RecordAsync(new Place("PT"), key, citizen.Channel, citizen.ConversationId, CrisisArea.MessengerPage, citizen.LastInboundAt.AddDays(-1), CancellationToken.None);
                await index.RecordAsync(new Place("PT"), key, citizen.Channel, citizen.ConversationId, CrisisArea.MessengerPage, citizen.LastInboundAt.AddDays(-3), CancellationToken.None);
                rows += 2;
            }

            if (i % 5 == 0)
            {
                await index.RecordAsync(new Place("ES"), key, citizen.Channel, citizen.ConversationId, CrisisArea.MessengerPage, citizen.LastInboundAt.AddMinutes(-30), CancellationToken.None);
                rows++;
            }
        }

        var (crisis, _) = await helpdesk.Services.GetRequiredService<CrisisStore>().OpenAsync(
            "Floods", ["ES", "PT"], [], new CrisisMessages("Blijf binnen.", "Restez à l'intérieur.", "Bleiben Sie drinnen.", "Stay indoors."), "admin", "Administrator", CancellationToken.None);
        using var supervisor = await helpdesk.SignInAsync("admin");
        calls.Clear();

        using var created = await supervisor.PostAsJsonAsync($"api/triage/crises/{crisis!.Id}/broadcasts", new JsonObject { ["days"] = 14, ["text"] = Update.DeepClone() });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var done = await HelpdeskInstance.EventuallyAsync(() => supervisor.ProgressAsync(crisis.Id, id), p => p["phase"]!.GetValue<string>() == "done", TimeSpan.FromMinutes(3));

        var recipients = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var row in helpdesk.Table(n => n.Broadcasts).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey gt {"r-"} and RowKey lt {"r."}")))
        {
            recipients.Add(row.RowKey, row.GetDateTimeOffset("LastInboundAt")!.Value);
        }

        done["recipients"]!.GetValue<int>().Should().Be(600);
        done["counts"]!["notReachable"]!.GetValue<int>().Should().Be(600);
        recipients.Should().BeEquivalentTo(
            citizens.ToDictionary(c => "r-" + keys.ContactKey(c.Channel, c.UserId), c => c.LastInboundAt),
            "each citizen is one recipient, with the time of their newest message, whatever day and country it came from");
        // 15 days of 2 countries, read on from step to step (100 rows a step): a query per step and one more per
        // partition passed, so the reads grow with the rows, never with the rows times the steps.
        var steps = (rows / 100) + 1;
        calls.TableCalls.Count(c => c.StartsWith("GET", StringComparison.Ordinal) && c.Contains("AreaActivity", StringComparison.Ordinal))
            .Should().BeLessThanOrEqualTo(steps + (15 * 2) + 1, $"{rows} rows of the area index");
    }

    [Fact]
    public async Task A_restart_in_the_middle_resumes_the_broadcast_without_sending_anyone_twice()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var first = await StartAsync(rate: 20, prefix: prefix, graph: graph);
        var crisis = await CrisisArea.OpenCrisisAsync(first);
        var citizens = Enumerable.Range(0, 300).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, DateTimeOffset.UtcNow.AddHours(-1), "en")).ToList();
        await CrisisArea.SeedAsync(first, citizens);
        string id;
        using (var supervisor = await first.SignInAsync("admin"))
        {
            using var created = await supervisor.PostAsJsonAsync($"api/triage/crises/{crisis.Id}/broadcasts", new JsonObject { ["days"] = 2 });
            id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(graph.Received.Count), n => n >= 60, TimeSpan.FromMinutes(2));
        }

        await first.DisposeAsync(); // stops in the middle: the host shuts down, its queue messages come back
        var before = graph.Received.Count;
        await using var second = await StartAsync(rate: 20, prefix: prefix, graph: graph);
        using var again = await second.SignInAsync("admin");
        var done = await HelpdeskInstance.EventuallyAsync(
            () => again.ProgressAsync(crisis.Id, id),
            p => p["phase"]!.GetValue<string>() == "done" && p["counts"]!["sent"]!.GetValue<int>() == 300,
            TimeSpan.FromMinutes(3));
        (await OutboundEmptyAsync(second)).Should().BeTrue();

        before.Should().BeLessThan(300, "the first instance stopped before the end");
        done["counts"]!["sent"]!.GetValue<int>().Should().Be(300);
        graph.Received.GroupBy(r => r.Recipient).Should().HaveCount(300).And.OnlyContain(g => g.Count() == 1, "no one was sent the update twice");
    }

    [Fact]
    public async Task After_a_cancel_nothing_more_goes_out_than_the_sends_already_past_their_check_and_the_others_count_as_cancelled()
    {
        await using var helpdesk = await StartAsync(rate: 10);
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        var citizens = Enumerable.Range(0, 400).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, DateTimeOffset.UtcNow.AddHours(-1), "nl")).ToList();
        await CrisisArea.SeedAsync(helpdesk, citizens);
        using var supervisor = await helpdesk.SignInAsync("admin");
        using var created = await supervisor.PostAsJsonAsync($"api/triage/crises/{crisis.Id}/broadcasts", new JsonObject { ["days"] = 1 });
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received.Count), n => n >= 30, TimeSpan.FromMinutes(2));

        using var cancel = await supervisor.PostAsync($"api/triage/crises/{crisis.Id}/broadcasts/{id}/cancel", null);
        var atCancel = helpdesk.Graph.Received.Count;
        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        (await cancel.Content.ReadFromJsonAsync<JsonObject>())!["phase"]!.GetValue<string>().Should().Be("cancelled");
        (await OutboundEmptyAsync(helpdesk)).Should().BeTrue("the queued messages of the broadcast are withdrawn");
        var progress = await HelpdeskInstance.EventuallyAsync(
            () => supervisor.ProgressAsync(crisis.Id, id),
            p => p["counts"]!["sent"]!.GetValue<int>() == helpdesk.Graph.Received.Count && p["counts"]!["queued"]!.GetValue<int>() == 0,
            TimeSpan.FromMinutes(2));

        // In flight at the cancel: sends past their cancel check, at most one per concurrent handler (Queue:BatchSize, 16).
        (helpdesk.Graph.Received.Count - atCancel).Should().BeLessThanOrEqualTo(16);
        var counts = progress["counts"]!;
        counts["sent"]!.GetValue<int>().Should().BeLessThan(400);
        counts["cancelled"]!.GetValue<int>().Should().Be(400 - counts["sent"]!.GetValue<int>(),
            "the messages in the outbound queue were withdrawn and the recipients the runner never reached count as cancelled, not queued");
        progress["recipients"]!.GetValue<int>().Should().Be(400);
        counts.AsObject().Sum(c => c.Value!.GetValue<int>()).Should().Be(400, "a cancelled broadcast's counts add up to its recipients");
        progress["phase"]!.GetValue<string>().Should().Be("cancelled");
        helpdesk.Graph.Received.GroupBy(r => r.Recipient).Should().OnlyContain(g => g.Count() == 1);
    }

    /// <summary>Waits until the outbound queue holds nothing, visible or in flight (a page of a broadcast takes a while on a slow machine).</summary>
    private static async Task<bool> OutboundEmptyAsync(HelpdeskInstance helpdesk) =>
        await HelpdeskInstance.EventuallyAsync(
            async () => (await helpdesk.Storage.Queue(helpdesk.Storage.Names.OutboundQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0,
            TimeSpan.FromMinutes(2)) == 0;

    [Fact]
    public async Task Only_a_supervisor_of_the_area_or_an_administrator_sends_and_bad_input_is_a_400()
    {
        await using var helpdesk = await StartAsync();
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        using var admin = await helpdesk.SignInAsync("admin");
        using var otherRegion = await helpdesk.SignInAsync("africa-supervisor");
        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        var url = $"api/triage/crises/{crisis.Id}/broadcasts";

        (await otherRegion.PostAsJsonAsync(url, new JsonObject { ["days"] = 3 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.PostAsJsonAsync(url, new JsonObject { ["days"] = 3 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync("api/triage/crises/nosuch/broadcasts", new JsonObject { ["days"] = 3 })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var bad in new[]
        {
            new JsonObject(),
            new JsonObject { ["days"] = 0 },
            new JsonObject { ["days"] = 31 },
            new JsonObject { ["days"] = 3, ["text"] = new JsonObject { ["nl"] = "x", ["fr"] = "x", ["de"] = "x" } },
            new JsonObject { ["days"] = 3, ["text"] = new JsonObject { ["nl"] = "x", ["fr"] = "x", ["de"] = "x", ["en"] = new string('x', 2001) } },
            new JsonObject { ["days"] = 3, ["text"] = new JsonObject { ["nl"] = "x", ["fr"] = "x", ["de"] = "x\u0000y", ["en"] = "x" } },
        })
        {
            using var response = await admin.PostAsJsonAsync(url, bad);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, bad.ToJsonString());
        }

        using var text = await admin.PostAsync(url, new StringContent("{\"days\":3}", System.Text.Encoding.UTF8, "text/plain"));
        text.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        var list = await admin.GetFromJsonAsync<JsonObject>(url);
        list!["broadcasts"]!.AsArray().Should().BeEmpty("nothing refused was stored");
        (await admin.GetAsync($"{url}/b000000000000000000000000")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_the_crisis_screen_polls_writes_no_audit_row_and_a_send_is_audited_once()
    {
        await using var helpdesk = await StartAsync();
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        using var admin = await helpdesk.SignInAsync("admin");
        var url = $"api/triage/crises/{crisis.Id}/broadcasts";
        (await admin.PostAsJsonAsync(url, new JsonObject { ["days"] = 3 })).StatusCode.Should().Be(HttpStatusCode.Created);

        for (var poll = 0; poll < 3; poll++)
        {
            (await admin.GetFromJsonAsync<JsonObject>(url))!["broadcasts"]!.AsArray().Should().ContainSingle();
        }

        var actions = new List<string>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            if (row.GetString("Action") is { } action && action.StartsWith("broadcast.", StringComparison.Ordinal))
            {
                actions.Add(action);
            }
        }

        actions.Should().Equal(["broadcast.send"], "the screen polls the list every 3 seconds: a poll writes nothing");
    }
}
