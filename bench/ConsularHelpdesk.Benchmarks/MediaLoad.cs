using System.Globalization;
using Azure.Data.Tables;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// Does downloading citizens' photos lower the webhook's acknowledgement throughput? One self-host with the pump on
/// (inbound and media queues), one in-memory Azurite and the fake Graph API serving a photo of the size asked for
/// (default 2 MiB: the demo photo padded) on loopback; N
/// webhooks at concurrency C in alternating rounds: texts only, then the same number with a share of photo messages
/// (each downloaded by the media step: metadata, bytes, blocks staged and committed, the row's state), each round
/// drained (inbound and media queues empty) before the next, so that each round's answers compete with its own
/// processing only. Compared in the same run: the answer rate with photos ÷ texts only (target ≥ 0.9×).
/// </summary>
internal static class MediaLoad
{
    private const string WebhookPath = "api/webhooks/whatsapp";
    private const int Rounds = 4;
    private const string PhotoId = "900000000000001";

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = Math.Clamp(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 800, 2 * Rounds, 100_000);
        var concurrency = Math.Clamp(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8, 1, 256);
        var imageShare = Math.Clamp(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 25, 1, 100);
        // The photo's size: the demo photo padded to it (a JPEG's bytes after its end marker are kept as they are).
        var photoKb = Math.Clamp(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2048, 7, 5 * 1024 - 1);
        var photo = new byte[Math.Max(DemoMedia.Photo.Length, photoKb * 1024)];
        DemoMedia.Photo.CopyTo(photo, 0);
        var citizens = Math.Clamp(requests / 8, 1, 250);

        await using var azurite = await Azurite.StartOnFreePortsAsync(location: null, CancellationToken.None);
        await using var graph = await FakeGraphApi.StartAsync();
        graph.AddMedia(PhotoId, new FakeMedia(photo, "image/jpeg"));
        var storage = BenchHost.Storage(azurite);
        await storage.EnsureCreatedAsync(CancellationToken.None);

        AckFigures? texts = null, photos = null;
        var round = (requests + Rounds - 1) / Rounds;
        await using (var app = await BenchHost.StartAsync(azurite, new Dictionary<string, string?> { ["GraphApi:BaseUrl"] = graph.BaseUrl.ToString() }, development: false, counter: null))
        {
            using var driver = new SignedPostDriver(new Uri(app.Urls.First() + "/"), WebhookPath);
            // Warm-up: the conversations open (routed by their first text), and the processing and download code compiles.
            await driver.RunAsync(Bodies("3250", citizens, citizens, 0, 0), concurrency);
            await driver.RunAsync(Bodies("3250", citizens, Math.Min(40, requests), 50, 1), concurrency);
            Require(await QueueWait.DrainedAsync(storage), "the warm-up");
            for (var r = 0; r < Rounds; r++)
            {
                var t = await driver.RunAsync(Bodies("3250", citizens, round, 0, 1000 * (2 * r + 2)), concurrency);
                Require(await QueueWait.DrainedAsync(storage), "a round of texts");
                var p = await driver.RunAsync(Bodies("3250", citizens, round, imageShare, 1000 * (2 * r + 3)), concurrency);
                Require(await QueueWait.DrainedAsync(storage), "a round with photos");
                texts = texts is null ? t : texts.Then(t);
                photos = photos is null ? p : photos.Then(p);
            }

            await app.StopAsync();
        }

        var (available, failed) = await MediaStatesAsync(storage);
        var expected = Rounds * (round * imageShare / 100) + Math.Min(40, requests) * 50 / 100;
        var downloads = graph.MediaRequests.Count(r => r.Path.StartsWith("media/", StringComparison.Ordinal) && r.Status == 200);
        var report = new LoadReport();
        report.Heading($"media-load {requests} {concurrency} {imageShare}: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Azurite {AzuriteVersion.Read()} in memory, loopback; {citizens} conversations, {Rounds} rounds of {round} texts, then {round} with {imageShare} % photos ({photo.Length:N0} bytes each)");
        report.Line("webhook, texts only: answer", texts!.Summary, "—", null);
        report.Line($"webhook, {imageShare} % photos downloaded meanwhile: answer", photos!.Summary, "≥ 0.9× texts only", photos.PerSecond / texts.PerSecond, 0.9);
        report.Line("photos available / failed / sent (warm-up included)", $"{available} / {failed} / {expected}", "all available", null);
        report.Line("downloads from the fake Graph API", $"{downloads}", "one per photo", null);
        report.Print();
        return texts.Failures + photos.Failures == 0 && available == expected && downloads == expected ? 0 : 1;
    }

    /// <summary>
    /// <paramref name="count"/> bodies of citizens <paramref name="prefix"/>0…: the first <paramref name="count"/>
    /// × <paramref name="imageShare"/> % spread evenly are the demo photo, the rest texts (the first round's texts name
    /// Dakar, so that each conversation is routed at once). <paramref name="offset"/> keeps message times apart.
    /// </summary>
    private static string[] Bodies(string prefix, int citizens, int count, int imageShare, int offset)
    {
        var start = DateTimeOffset.UtcNow;
        var images = count * imageShare / 100;
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var at = start.AddMilliseconds(offset + i);
            var photo = images > 0 && i % Math.Max(1, count / images) == 0 && i / Math.Max(1, count / images) < images;
            var message = photo
                ? CitizenPayloads.WhatsAppMedia("image", PhotoId, "image/jpeg", caption: $"photo {offset + i}")
                : CitizenPayloads.WhatsAppText(offset == 0 ? "Ik ben in Dakar, mijn paspoort is gestolen" : $"message {offset + i}");
            return CitizenPayloads.WhatsApp($"{prefix}{i % citizens:D7}", "Load", at, message);
        })];
    }

    private static async Task<(int Available, int Failed)> MediaStatesAsync(Storage.StorageClients storage)
    {
        int available = 0, failed = 0;
        await foreach (var row in storage.Table(storage.Names.Conversations).QueryAsync<TableEntity>("Media ne ''", select: ["Media"]))
        {
            var media = row.GetString("Media") ?? string.Empty;
            available += media.Contains("\"state\":\"available\"", StringComparison.Ordinal) ? 1 : 0;
            failed += media.Contains("\"state\":\"failed\"", StringComparison.Ordinal) ? 1 : 0;
        }

        return (available, failed);
    }

    private static void Require(bool drained, string what)
    {
        if (!drained)
        {
            throw new TimeoutException($"The queues did not drain within 15 minutes after {what}.");
        }
    }
}
