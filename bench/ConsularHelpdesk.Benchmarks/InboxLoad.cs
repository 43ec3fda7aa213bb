using System.Diagnostics;
using System.Globalization;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Server;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// The triage list of one post with a long history, through the API on loopback and an in-memory Azurite: N
/// conversations seeded as the documented schema has them (docs/storage.md, 2 % open), then the open view's and the
/// closed view's first page and a 304 poll, each timed, and the table calls a poll makes.
/// </summary>
internal static class InboxLoad
{
    private const string Post = "dakar";
    private const int Rounds = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Math.Clamp(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000, 1, 1_000_000);
        await using var azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);
        var calls = new TableCallCounter(azurite.TablePort);
        await using var app = HelpdeskServer.Build(["--environment", "Development"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:KeySecret"] = "load-key-secret",
                ["Meta:AppSecret"] = "load-secret",
                ["Meta:VerifyToken"] = "load-token",
                ["GraphApi:StartFake"] = "false",
                ["Queue:Enabled"] = "false",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<HttpPipelinePolicy>(calls);
        });
        await app.StartAsync();
        await SeedAsync(app.Services.GetRequiredService<StorageClients>(), count);

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.Urls.First() + "/"),
        };
        using (var signIn = await http.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", "dakar-agent")])))
        {
            // The development sign-in answers with a redirect to the page once the cookie is set.
            if (signIn.StatusCode != System.Net.HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"The sign-in answered {(int)signIn.StatusCode}.");
            }
        }

        var url = $"api/triage/posts/{Post}/conversations";
        var open = await TimeAsync(() => http.GetAsync(url));
        var closed = await TimeAsync(() => http.GetAsync(url + "?view=closed"));
        using var first = await http.GetAsync(url);
        var etag = first.Headers.ETag!.ToString();
        calls.Reset();
        var poll = await TimeAsync(async () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            var response = await http.SendAsync(request);
            return response.StatusCode == System.Net.HttpStatusCode.NotModified ? response : throw new InvalidOperationException($"The poll answered {(int)response.StatusCode}.");
        });

        Console.WriteLine($"Azurite in memory, loopback, one post with {count} conversations ({count / 50} open), {Rounds} requests each, one at a time");
        Console.WriteLine($"open view, first page: p50 {open.P50:F1} ms, p95 {open.P95:F1} ms");
        Console.WriteLine($"closed view, first page: p50 {closed.P50:F1} ms, p95 {closed.P95:F1} ms");
        Console.WriteLine($"304 poll: p50 {poll.P50:F1} ms, p95 {poll.P95:F1} ms; {(double)calls.Count / Rounds:F2} table calls per poll (the agent's point read and the post's marker)");
        await app.StopAsync();
        return 0;
    }

    /// <summary>Every 50th conversation open, the rest in the history, written in entity-group transactions of 100.</summary>
    private static async Task SeedAsync(StorageClients storage, int count)
    {
        var table = storage.Table(storage.Names.Inbox);
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var id = $"c{i:D24}";
            var at = now.AddMinutes(-i);
            var isOpen = i % 50 == 0;
            return new InboxEntity
            {
                PartitionKey = isOpen ? InboxKeys.OpenPartition(Post) : InboxKeys.HistoryPartition(Post),
                RowKey = isOpen ? id : InboxKeys.HistoryRowKey(at, id),
                ConversationId = id,
                PostId = Post,
                ClosedAt = isOpen ? null : at,
                Channel = "WhatsApp",
                State = isOpen ? ThreadStates.Open : ThreadStates.Closed,
                LastActivityAt = at,
                LastInboundAt = at,
                Preview = $"message {i}",
                Revision = 2,
            };
        });
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
            }
        }

        await table.UpsertEntityAsync(new InboxMarkerEntity { PartitionKey = InboxKeys.MarkerPartition(Post), Stamp = Guid.NewGuid().ToString("N") });
    }

    private static async Task<(double P50, double P95)> TimeAsync(Func<Task<HttpResponseMessage>> send)
    {
        var latencies = new double[Rounds];
        for (var i = 0; i < Rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await send();
            if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotModified)
            {
                throw new InvalidOperationException($"The list answered {(int)response.StatusCode}.");
            }

            _ = await response.Content.ReadAsByteArrayAsync();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(latencies);
        return (latencies[Rounds / 2], latencies[(int)(Rounds * 0.95)]);
    }
}
