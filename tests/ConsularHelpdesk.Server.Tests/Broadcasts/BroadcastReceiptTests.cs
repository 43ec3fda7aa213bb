using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ConsularHelpdesk.Server.Tests.Broadcasts;

/// <summary>
/// What a broadcast's progress costs to read and how Messenger's watermarks reach its recipients, through the self-host
/// on Azurite with the fake Graph API, the storage calls counted by a pipeline policy on the app's own clients.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BroadcastReceiptTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Reading_a_broadcasts_progress_costs_the_same_few_calls_for_3_recipients_as_for_300_and_reads_no_recipient()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        var now = DateTimeOffset.UtcNow;
        // WhatsApp citizens past the reply window with no template for their language: counted not reachable, nothing sent.
        await CrisisArea.SeedAsync(helpdesk, [.. Enumerable.Range(0, 3).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-3), "fr"))]);
        await CrisisArea.SeedAsync(helpdesk, [.. Enumerable.Range(100, 300).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now.AddDays(-20), "fr"))]);
        using var admin = await helpdesk.SignInAsync("admin");
        var smallId = await BroadcastAsync(admin, crisis.Id, days: 7, expected: 3);
        var largeId = await BroadcastAsync(admin, crisis.Id, days: 30, expected: 303);
        await admin.ProgressAsync(crisis.Id, smallId); // the agent is in the instance's memory from here

        calls.Clear();
        var smallProgress = await admin.ProgressAsync(crisis.Id, smallId);
        var smallCalls = Logged(calls);
        calls.Clear();
        var largeProgress = await admin.ProgressAsync(crisis.Id, largeId);
        var largeCalls = Logged(calls);

        smallProgress["counts"]!["notReachable"]!.GetValue<int>().Should().Be(3, "no French template: the counts come from the counter rows");
        largeProgress["counts"]!["notReachable"]!.GetValue<int>().Should().Be(303);
        largeCalls.Should().HaveCount(smallCalls.Count, "the progress read does not grow with the recipients")
            .And.HaveCountLessThanOrEqualTo(4, "the crisis, the broadcast's header, its counter rows (one range query) and the audit row: docs/storage.md");
        largeCalls.Where(OfBroadcasts).Should().HaveCount(2)
            .And.NotContain(c => c.Contains("r-", StringComparison.Ordinal), "no recipient row is read");
    }

    [Fact]
    public async Task A_messenger_watermark_moves_the_broadcast_recipients_it_covers_to_delivered_and_read_reading_only_their_contact_and_rows()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var (crisis, citizens) = await AreaOfThreeAsync(helpdesk, ChannelKind.Messenger);
        using var admin = await helpdesk.SignInAsync("admin");
        var id = await BroadcastAsync(admin, crisis.Id, days: 1, expected: 3);
        await HelpdeskInstance.EventuallyAsync(() => admin.ProgressAsync(crisis.Id, id), p => p["counts"]!["sent"]!.GetValue<int>() == 3);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var before = DateTimeOffset.UtcNow.AddHours(-2); // before the broadcast: covers none of its messages
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        await WatermarkAsync(helpdesk, citizens[0].UserId, "delivery", before);
        await WatermarkAsync(helpdesk, citizens[0].UserId, "delivery", after);
        await WatermarkAsync(helpdesk, citizens[1].UserId, "read", after);
        calls.Clear();
        await WatermarkAsync(helpdesk, citizens[1].UserId, "read", after.AddSeconds(1)); // the read recipient's note is gone: nothing more is read
        var repeated = Logged(calls);
        calls.Clear();
        await WatermarkAsync(helpdesk, citizens[2].UserId, "read", after);
        var covering = Logged(calls);

        var counts = (await admin.ProgressAsync(crisis.Id, id))["counts"]!;
        (counts["sent"]!.GetValue<int>(), counts["delivered"]!.GetValue<int>(), counts["read"]!.GetValue<int>()).Should().Be((0, 1, 2));
        repeated.Should().NotContain(c => OfBroadcasts(c), "a watermark that covers no noted broadcast message reads no broadcast");
        covering.Where(OfBroadcasts).Should().HaveCount(3, "the one recipient row, its counter row and the transaction that moves both")
            .And.NotContain(c => c.Contains("$filter", StringComparison.Ordinal), "no query: point reads of that recipient's rows only");
        (covering.Count - repeated.Count).Should().Be(3, "beyond what any watermark costs (the contact), only that recipient's rows");
    }

    [Fact]
    public async Task A_recipients_sent_that_could_not_be_stored_after_the_send_is_stored_by_the_redelivery_and_nobody_gets_a_second_message()
    {
        // The recipient's "sent" is recorded right after Meta accepted the message; its first read fails for two of them.
        var fault = new FaultInjection(
            m => m.Request.Method == RequestMethod.Get && Uri.UnescapeDataString(m.Request.Uri.Path) is var path
                && path.Contains("Broadcasts(", StringComparison.Ordinal) && path.Contains("RowKey='r-", StringComparison.Ordinal),
            2);
        await using var helpdesk = await StartAsync(fault);
        var (crisis, citizens) = await AreaOfThreeAsync(helpdesk, ChannelKind.WhatsApp);
        using var admin = await helpdesk.SignInAsync("admin");

        var id = await BroadcastAsync(admin, crisis.Id, days: 1, expected: 3);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        fault.Injected.Should().Be(2, "two recipients' records failed after their send");
        var counts = (await admin.ProgressAsync(crisis.Id, id))["counts"]!;
        (counts["sent"]!.GetValue<int>(), counts["failed"]!.GetValue<int>()).Should().Be((3, 0), "the redelivery found each message sent and recorded it");
        var accepted = helpdesk.Graph.Received.Where(r => r.Status == 200 && citizens.Any(c => c.UserId == r.Recipient)).ToList();
        accepted.GroupBy(r => r.Recipient).Should().HaveCount(3).And.OnlyContain(g => g.Count() == 1, "the redelivery sends nothing again");
    }

    [Fact]
    public async Task A_broadcast_whose_crisis_pointer_could_not_be_written_still_goes_out_and_shows_in_the_crisis_list()
    {
        var fault = new FaultInjection(
            m => m.Request.Method == RequestMethod.Put && Uri.UnescapeDataString(m.Request.Uri.Path).Contains("Broadcasts(PartitionKey='crisis-", StringComparison.Ordinal),
            1);
        await using var helpdesk = await StartAsync(fault);
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        await CrisisArea.SeedAsync(helpdesk, [.. Enumerable.Range(0, 2).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, DateTimeOffset.UtcNow.AddHours(-1), "en"))]);
        using var admin = await helpdesk.SignInAsync("admin");

        var id = await BroadcastAsync(admin, crisis.Id, days: 1, expected: 2); // 201: the broadcast is made

        fault.Injected.Should().Be(1, "the request's write of the crisis's pointer failed");
        var list = await admin.GetFromJsonAsync<JsonObject>($"api/triage/crises/{crisis.Id}/broadcasts");
        list!["broadcasts"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()).Should().Equal([id], "the first step wrote the pointer again");
        (await admin.ProgressAsync(crisis.Id, id))["counts"]!["sent"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task A_broadcast_whose_header_could_not_be_written_is_a_503_and_leaves_nothing_half_made()
    {
        var fault = new FaultInjection(m => m.Request.Method == RequestMethod.Post && m.Request.Uri.Path.EndsWith("Broadcasts", StringComparison.Ordinal), 1);
        await using var helpdesk = await StartAsync(fault);
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        await CrisisArea.SeedAsync(helpdesk, [CrisisArea.Citizen(0, ChannelKind.WhatsApp, DateTimeOffset.UtcNow.AddHours(-1), "en")]);
        using var admin = await helpdesk.SignInAsync("admin");

        using var failed = await admin.PostAsJsonAsync($"api/triage/crises/{crisis.Id}/broadcasts", new JsonObject { ["days"] = 1 });
        var list = await admin.GetFromJsonAsync<JsonObject>($"api/triage/crises/{crisis.Id}/broadcasts");
        var id = await BroadcastAsync(admin, crisis.Id, days: 1, expected: 1); // the supervisor tries again

        fault.Injected.Should().Be(1);
        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "the storage failed: the supervisor is told to try again");
        list!["broadcasts"]!.AsArray().Should().BeEmpty("no broadcast was made, none shows collecting for ever");
        var listed = await admin.GetFromJsonAsync<JsonObject>($"api/triage/crises/{crisis.Id}/broadcasts");
        listed!["broadcasts"]!.AsArray().Select(b => b!["id"]!.GetValue<string>()).Should().Equal([id], "only the broadcast that was made");
        helpdesk.Graph.Received.Should().ContainSingle("the citizen got the one broadcast that was made");
    }

    /// <summary>A crisis open for Portugal and three citizens who wrote from there an hour ago (inside the reply window).</summary>
    private static async Task<(ConsularHelpdesk.Crises.Crisis Crisis, List<AreaCitizen> Citizens)> AreaOfThreeAsync(HelpdeskInstance helpdesk, ChannelKind channel)
    {
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        var citizens = Enumerable.Range(0, 3).Select(i => CrisisArea.Citizen(i, channel, DateTimeOffset.UtcNow.AddHours(-1), "en")).ToList();
        await CrisisArea.SeedAsync(helpdesk, citizens);
        return (crisis, citizens);
    }

    /// <summary>A call on the Broadcasts table, or a transaction (entity-group transactions go to <c>$batch</c>).</summary>
    private static bool OfBroadcasts(string call) => call.Contains("Broadcasts", StringComparison.Ordinal) || call.Contains("$batch", StringComparison.Ordinal);

    private static async Task<string> BroadcastAsync(HttpClient admin, string crisisId, int days, int expected)
    {
        using var created = await admin.PostAsJsonAsync($"api/triage/crises/{crisisId}/broadcasts", new JsonObject { ["days"] = days });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await HelpdeskInstance.EventuallyAsync(
            () => admin.ProgressAsync(crisisId, id),
            p => p["phase"]!.GetValue<string>() == "done" && p["recipients"]!.GetValue<int>() == expected && p["counts"]!["queued"]!.GetValue<int>() == 0,
            TimeSpan.FromMinutes(2));
        return id;
    }

    private static async Task WatermarkAsync(HelpdeskInstance helpdesk, string psid, string kind, DateTimeOffset watermark)
    {
        var item = new JsonObject { [kind] = new JsonObject { ["watermark"] = watermark.ToUnixTimeMilliseconds() } };
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, watermark, item))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the status is applied");
    }

    private Task<HelpdeskInstance> StartAsync(HttpPipelinePolicy policy) =>
        HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Storage:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
                ["Broadcasts:Lease"] = "00:00:10",
                ["StuckReplies:Period"] = "01:00:00",
                ["ResponseTargets:Period"] = "01:00:00",
                ["Storage:NetworkTimeout"] = "00:00:10",
            },
            development: true,
            services: s => s.AddSingleton(policy));

    private List<string> Logged(StorageCallLog calls)
    {
        var table = calls.TableCalls;
        output.WriteLine($"{table.Count} table calls:{Environment.NewLine}{string.Join(Environment.NewLine, table)}");
        return [.. table];
    }
}
