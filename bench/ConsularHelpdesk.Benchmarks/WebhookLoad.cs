using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// End-to-end load on loopback: signed webhooks into the self-host backed by an in-memory Azurite, with a bounded
/// number of requests. Reports the webhook's answer latency (what Meta sees) and the time until every message is
/// stored in its thread. Azurite is an emulator: compare runs with each other, not with Azure.
/// </summary>
internal static class WebhookLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        requests = Math.Clamp(requests, 1, 100_000);

        await using var azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);
        await using var graph = await FakeGraphApi.StartAsync();
        await using var app = HelpdeskServer.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:KeySecret"] = "load-key-secret",
                ["Meta:AppSecret"] = "load-secret",
                ["Meta:VerifyToken"] = "load-token",
                ["GraphApi:BaseUrl"] = graph.BaseUrl.ToString(),
                ["WhatsApp:AccessToken"] = "load-token",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        var simulator = new CitizenSimulator(http, _ => "load-secret");

        var start = DateTimeOffset.UtcNow;
        var bodies = Enumerable.Range(0, requests)
            .Select(i => CitizenPayloads.WhatsApp($"3247{i % 500:D7}", "Load", start.AddMilliseconds(i), CitizenPayloads.WhatsAppText($"message {i}")))
            .ToArray();
        var latencies = new double[requests];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await simulator.SendAsync(ChannelKind.WhatsApp, bodies[i], ct);
            latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var accepted = clock.Elapsed;

        // Progress is read from the inbound queue's count (one call, whatever the history holds), never from a scan of
        // the tables the system is writing: a benchmark must not load what it measures. A message leaves the queue
        // only once processed (in-flight ones count as well), so zero means done; the threads are counted once after.
        var storage = app.Services.GetRequiredService<StorageClients>();
        var inbound = storage.Queue(storage.Names.InboundQueue);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await inbound.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var processed = clock.Elapsed;
        var stored = 0;
        await foreach (var _ in storage.Table(storage.Names.Conversations).QueryAsync<TableEntity>("RowKey ge 'msg-' and RowKey lt 'msg.' and Direction eq 'in'", select: ["RowKey"]))
        {
            stored++;
        }

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        Console.WriteLine($"Azurite in memory, loopback, {requests} signed WhatsApp webhooks, concurrency {concurrency}");
        Console.WriteLine($"webhook answer: p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms; {failures} failed; above 1 s: {latencies.Count(l => l > 1000)}");
        Console.WriteLine($"accepted {requests / accepted.TotalSeconds:F0}/s; all {stored} stored in threads after {processed.TotalSeconds:F1} s ({stored / processed.TotalSeconds:F0} messages/s end to end)");
        await app.StopAsync();
        return failures == 0 && stored == requests ? 0 : 1;
    }
}
