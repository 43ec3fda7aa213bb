using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// End-to-end load on loopback, one Azurite in memory, and in the same run the floors it is compared with:
/// <list type="number">
/// <item>the bare enqueue endpoint and the webhook with the pump off, both up, N requests each at concurrency C, sent in
/// alternating rounds so that a machine shared with other work loads both alike (the webhook's queue is kept);</item>
/// <item>the webhook with the pump on (its own table and queue names, <c>Storage:Prefix</c>), the same N and C in two
/// phases: the first message of each conversation, drained, then the follow-ups, drained, each phase with the app's
/// storage calls counted (this also compiles the processing code, so that step 3 times a warm pump);</item>
/// <item>a host with the pump on drains the queue step 1 left: processing from a full queue;</item>
/// <item>the processing floor (<see cref="ProcessingFloor"/>), N messages, compared with step 3.</item>
/// </list>
/// Azurite is an emulator: compare the ratios of one run, not the absolute figures with Azure.
/// </summary>
internal static class WebhookLoad
{
    private const string WebhookPath = "api/webhooks/whatsapp";
    private const string PumpOnPrefix = "pumpon";
    private const int Rounds = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Math.Clamp(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000, 2 * Rounds, 100_000);
        var concurrency = Math.Clamp(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16, 1, 256);
        // A quarter of the requests open a conversation (at most 500 citizens), the rest follow up in them.
        var citizens = Math.Clamp(requests / 4, 1, 500);
        var warmup = Math.Min(200, requests);

        await using var azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);
        await using var graph = await FakeGraphApi.StartAsync();
        var storage = BenchHost.Storage(azurite);
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var inbound = storage.Queue(storage.Names.InboundQueue);

        // 1. The acknowledgement floor and the webhook with the pump off, round by round.
        AckFigures? bare = null, pumpOff = null;
        await using (var endpoint = await BareEnqueueEndpoint.StartAsync(storage))
        await using (var app = await BenchHost.StartAsync(azurite, Settings(graph, pump: false), development: false, counter: null))
        {
            using var bareDriver = new SignedPostDriver(endpoint.BaseAddress, BareEnqueueEndpoint.Path);
            using var webhookDriver = new SignedPostDriver(new Uri(app.Urls.First() + "/"), WebhookPath);
            await bareDriver.RunAsync(Conversations("3245", warmup, warmup).Firsts, concurrency);
            await webhookDriver.RunAsync(Conversations("3245", warmup, warmup).Firsts, concurrency);
            await inbound.ClearMessagesAsync();
            var bareBodies = Conversations("3246", citizens, requests).All;
            var webhookBodies = Conversations("3248", citizens, requests).All;
            var round = (requests + Rounds - 1) / Rounds;
            for (var r = 0; r * round < requests; r++)
            {
                var b = await bareDriver.RunAsync(bareBodies[(r * round)..Math.Min(requests, (r + 1) * round)], concurrency);
                var w = await webhookDriver.RunAsync(webhookBodies[(r * round)..Math.Min(requests, (r + 1) * round)], concurrency);
                bare = bare is null ? b : bare.Then(b);
                pumpOff = pumpOff is null ? w : pumpOff.Then(w);
            }

            await app.StopAsync();
        }

        // 2. The webhook, pump on, under names of its own (the queue step 1 left waits for step 3).
        var counter = new StorageCallCounter(azurite);
        var pumpOnStorage = BenchHost.Storage(azurite, PumpOnPrefix);
        StorageCalls firstCalls, followUpCalls;
        AckFigures pumpOn;
        TimeSpan firstsStored, followUpsStored;
        var batchSize = 0;
        var onSettings = Settings(graph, pump: true);
        onSettings["Storage:Prefix"] = PumpOnPrefix;
        await using (var app = await BenchHost.StartAsync(azurite, onSettings, development: false, counter))
        {
            batchSize = app.Services.GetRequiredService<IOptions<QueuePumpOptions>>().Value.BatchSize;
            using var driver = new SignedPostDriver(new Uri(app.Urls.First() + "/"), WebhookPath);
            var conversations = Conversations("3247", citizens, requests);
            var before = counter.Read();
            var clock = Stopwatch.StartNew();
            var firsts = await driver.RunAsync(conversations.Firsts, concurrency);
            Require(await QueueWait.DrainedAsync(pumpOnStorage), "the first messages");
            firstsStored = clock.Elapsed;
            var afterFirsts = counter.Read();
            firstCalls = afterFirsts.Since(before);

            clock.Restart();
            var followUps = await driver.RunAsync(conversations.FollowUps, concurrency);
            Require(await QueueWait.DrainedAsync(pumpOnStorage), "the follow-ups");
            followUpsStored = clock.Elapsed;
            followUpCalls = counter.Read().Since(afterFirsts);
            pumpOn = firsts.Then(followUps);
            await app.StopAsync();
        }

        // 3. Processing from a full queue: a host with the pump on drains what step 1 queued.
        double fullQueueRate;
        await using (var app = await BenchHost.StartAsync(azurite, Settings(graph, pump: true), development: false, counter: null))
        {
            var waiting = await QueueWait.PendingAsync(storage);
            var clock = Stopwatch.StartNew();
            Require(await QueueWait.DrainedAsync(storage), "the queue the pump-off run left");
            fullQueueRate = waiting / clock.Elapsed.TotalSeconds;
            await app.StopAsync();
        }

        // 4. The processing floor, with a queue message the size of the webhook's.
        var pumpOptions = new QueuePumpOptions { BatchSize = batchSize };
        var sample = Convert.ToBase64String(Encoding.UTF8.GetBytes(Conversations("3249", 1, 1).Firsts[0]));
        var floorRate = await ProcessingFloor.MeasureAsync(storage, pumpOptions, requests, concurrency, sample);

        // Counted once, after every timing: each request's message is stored in its thread.
        var stored = 0;
        foreach (var clients in new[] { storage, pumpOnStorage })
        {
            await foreach (var _ in clients.Table(clients.Names.Conversations).QueryAsync<TableEntity>("RowKey ge 'msg-' and RowKey lt 'msg.' and Direction eq 'in'", select: ["RowKey"]))
            {
                stored++;
            }
        }

        var followUpCount = requests - citizens;
        var report = new LoadReport();
        report.Heading($"webhook-load {requests} {concurrency}: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Azurite {AzuriteVersion.Read()} in memory, loopback; {citizens} conversations, {followUpCount} follow-ups; pump batch {batchSize}");
        report.Line("bare enqueue endpoint: answer", bare!.Summary, "—", null);
        report.Line("webhook, pump off: answer", pumpOff!.Summary, "≥ 0.8× bare", pumpOff.PerSecond / bare.PerSecond, 0.8);
        report.Line("webhook, pump on: answer", pumpOn.Summary, "≥ 0.8× bare", pumpOn.PerSecond / bare.PerSecond, 0.8);
        report.Line("storage calls per first message (tables + blobs; queue apart)", Calls(firstCalls, citizens), "—", null);
        report.Line("storage calls per follow-up to an open conversation (tables + blobs; queue apart)", Calls(followUpCalls, followUpCount), "≤ 5", followUpCalls.TablesAndBlobs / (double)followUpCount, 5, atMost: true);
        report.Line("processing floor: receive → 3-entity transaction → delete", floorRate is { } f ? $"{f:F0} msg/s" : "did not finish in 15 min", "—", null);
        report.Line("app processing from a full queue", $"{fullQueueRate:F0} msg/s", "≥ 0.5× floor", floorRate is { } fr ? fullQueueRate / fr : null, 0.5);
        report.Line("first messages sent with the pump on: all stored after", $"{firstsStored.TotalSeconds:F1} s ({citizens / firstsStored.TotalSeconds:F0} msg/s)", "—", null);
        report.Line("follow-ups sent with the pump on: all stored after", $"{followUpsStored.TotalSeconds:F1} s ({followUpCount / followUpsStored.TotalSeconds:F0} msg/s)", "—", null);
        report.Line("stored in threads / sent", $"{stored} / {2 * requests}", "all", null);
        report.Print();
        return bare.Failures + pumpOff.Failures + pumpOn.Failures == 0 && stored == 2 * requests ? 0 : 1;
    }

    private static Dictionary<string, string?> Settings(FakeGraphApi graph, bool pump) => new()
    {
        ["GraphApi:BaseUrl"] = graph.BaseUrl.ToString(),
        ["Queue:Enabled"] = pump ? "true" : "false",
    };

    private static string Calls(StorageCalls calls, int messages) =>
        $"{calls.TablesAndBlobs / (double)messages:F2} ({calls.Tables} table + {calls.Blobs} blob calls for {messages}; queue {calls.Queues / (double)messages:F2} per message)";

    private static void Require(bool drained, string what)
    {
        if (!drained)
        {
            throw new TimeoutException($"The queues did not drain within 15 minutes after {what}.");
        }
    }

    /// <summary>
    /// The webhook bodies of one series: each citizen's first message names a city (routed at once), the follow-ups
    /// are texts into those conversations. <paramref name="prefix"/> keeps the series' citizens apart.
    /// </summary>
    private static (string[] Firsts, string[] FollowUps, string[] All) Conversations(string prefix, int citizens, int requests)
    {
        var start = DateTimeOffset.UtcNow;
        var firsts = Enumerable.Range(0, citizens)
            .Select(i => CitizenPayloads.WhatsApp($"{prefix}{i:D7}", "Load", start, CitizenPayloads.WhatsAppText("Ik ben in Dakar, mijn paspoort is gestolen")))
            .ToArray();
        var followUps = Enumerable.Range(citizens, requests - citizens)
            .Select(i => CitizenPayloads.WhatsApp($"{prefix}{i % citizens:D7}", "Load", start.AddMilliseconds(i), CitizenPayloads.WhatsAppText($"message {i}")))
            .ToArray();
        return (firsts, followUps, [.. firsts, .. followUps]);
    }
}
