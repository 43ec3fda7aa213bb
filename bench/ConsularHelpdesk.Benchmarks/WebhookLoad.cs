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
/// <item>the bare enqueue endpoint, N requests at concurrency C (the acknowledgement floor);</item>
/// <item>the webhook with the pump on, the same N and C in two phases: the first message of each conversation, drained,
/// then the follow-ups, drained, each phase with the app's storage calls counted;</item>
/// <item>the webhook with the pump off, the same N and C (its queue is kept for step 4);</item>
/// <item>a new host with the pump on drains that queue: processing from a full queue, compared with the floor;</item>
/// <item>the processing floor (<see cref="ProcessingFloor"/>), N messages.</item>
/// </list>
/// Azurite is an emulator: compare the ratios of one run, not the absolute figures with Azure.
/// </summary>
internal static class WebhookLoad
{
    private const string WebhookPath = "api/webhooks/whatsapp";

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Math.Clamp(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000, 2, 100_000);
        var concurrency = Math.Clamp(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16, 1, 256);
        // A quarter of the requests open a conversation (at most 500 citizens), the rest follow up in them.
        var citizens = Math.Clamp(requests / 4, 1, 500);
        var warmup = Math.Min(100, requests);

        await using var azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);
        await using var graph = await FakeGraphApi.StartAsync();
        var storage = BenchHost.Storage(azurite);
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var inbound = storage.Queue(storage.Names.InboundQueue);

        // 1. The acknowledgement floor.
        AckFigures bare;
        await using (var endpoint = await BareEnqueueEndpoint.StartAsync(storage))
        {
            using var driver = new SignedPostDriver(endpoint.BaseAddress, BareEnqueueEndpoint.Path);
            await driver.RunAsync(Conversations("3245", warmup, warmup).Firsts, concurrency);
            bare = await driver.RunAsync(Conversations("3246", citizens, requests).All, concurrency);
        }

        await inbound.ClearMessagesAsync();

        // 2. The webhook, pump on: first messages, drained, then follow-ups, drained, each phase counted. This also
        // compiles the processing code of this process, so that step 4 times a warm pump.
        var counter = new StorageCallCounter(azurite);
        StorageCalls firstCalls, followUpCalls;
        AckFigures pumpOn;
        TimeSpan firstsStored, followUpsStored;
        var batchSize = 0;
        await using (var app = await BenchHost.StartAsync(azurite, Settings(graph, pump: true), development: false, counter))
        {
            batchSize = app.Services.GetRequiredService<IOptions<QueuePumpOptions>>().Value.BatchSize;
            using var driver = new SignedPostDriver(new Uri(app.Urls.First() + "/"), WebhookPath);
            var conversations = Conversations("3247", citizens, requests);
            var before = counter.Read();
            var clock = Stopwatch.StartNew();
            var firsts = await driver.RunAsync(conversations.Firsts, concurrency);
            Require(await QueueWait.DrainedAsync(storage), "the first messages");
            firstsStored = clock.Elapsed;
            var afterFirsts = counter.Read();
            firstCalls = afterFirsts.Since(before);

            clock.Restart();
            var followUps = await driver.RunAsync(conversations.FollowUps, concurrency);
            Require(await QueueWait.DrainedAsync(storage), "the follow-ups");
            followUpsStored = clock.Elapsed;
            followUpCalls = counter.Read().Since(afterFirsts);
            pumpOn = firsts.Then(followUps);
            await app.StopAsync();
        }

        // 3. The webhook, pump off; what it queued stays for step 4.
        AckFigures pumpOff;
        await using (var app = await BenchHost.StartAsync(azurite, Settings(graph, pump: false), development: false, counter: null))
        {
            using var driver = new SignedPostDriver(new Uri(app.Urls.First() + "/"), WebhookPath);
            await driver.RunAsync(Conversations("3245", warmup, warmup).Firsts, concurrency);
            await inbound.ClearMessagesAsync();
            pumpOff = await driver.RunAsync(Conversations("3248", citizens, requests).All, concurrency);
            await app.StopAsync();
        }

        // 4. Processing from a full queue: a new host with the pump on drains what step 3 queued.
        double fullQueueRate;
        await using (var app = await BenchHost.StartAsync(azurite, Settings(graph, pump: true), development: false, counter: null))
        {
            var waiting = await QueueWait.PendingAsync(storage);
            var clock = Stopwatch.StartNew();
            Require(await QueueWait.DrainedAsync(storage), "the queue the pump-off run left");
            fullQueueRate = waiting / clock.Elapsed.TotalSeconds;
            await app.StopAsync();
        }

        // 5. The processing floor, with a queue message the size of the webhook's.
        var pumpOptions = new QueuePumpOptions { BatchSize = batchSize };
        var sample = Convert.ToBase64String(Encoding.UTF8.GetBytes(Conversations("3249", 1, 1).Firsts[0]));
        var floorRate = await ProcessingFloor.MeasureAsync(storage, pumpOptions, requests, concurrency, sample);

        // Counted once, after every timing: each request's message is stored in its thread.
        var stored = 0;
        await foreach (var _ in storage.Table(storage.Names.Conversations).QueryAsync<TableEntity>("RowKey ge 'msg-' and RowKey lt 'msg.' and Direction eq 'in'", select: ["RowKey"]))
        {
            stored++;
        }

        var followUpCount = requests - citizens;
        var report = new LoadReport();
        report.Heading($"webhook-load {requests} {concurrency}: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Azurite {AzuriteVersion.Read()} in memory, loopback; {citizens} conversations, {followUpCount} follow-ups; pump batch {batchSize}");
        report.Line("bare enqueue endpoint: answer", bare.Summary, "—", null);
        report.Line("webhook, pump off: answer", pumpOff.Summary, "≥ 0.8× bare", pumpOff.PerSecond / bare.PerSecond, 0.8);
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
