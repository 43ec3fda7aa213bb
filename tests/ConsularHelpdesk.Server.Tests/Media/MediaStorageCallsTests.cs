using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ConsularHelpdesk.Server.Tests.Media;

/// <summary>
/// What one citizen's file costs in table and blob calls (queue calls aside), counted by a pipeline policy on the app's
/// own storage clients: the download step of one media queue message, and an agent's reading of the file through the
/// media endpoint. Neither reads the thread: a conversation of 2 messages and one of 200 cost the same. docs/storage.md
/// lists the calls.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MediaStorageCallsTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>The message row read, one block staged (a photo under 1 MiB), the block list committed, the row read again and written with the state.</summary>
    private const int DownloadCalls = 5;

    /// <summary>The header (the agent's post), the message row (the file's state), the blob's properties, its bytes, the audit row of an opening.</summary>
    private const int OpeningCalls = 5;

    /// <summary>A player's seek is no opening: no audit row.</summary>
    private const int SeekCalls = OpeningCalls - 1;

    /// <summary>The messages of the long thread (its opening text, the history written before the photo, the photo).</summary>
    private const int LongThread = 200;

    [Fact]
    public async Task Downloading_a_photo_costs_the_same_storage_calls_in_a_thread_of_2_messages_and_of_200()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var shortThread = await PhotoAsync(helpdesk, "351910000201", history: 0);
        var longThread = await PhotoAsync(helpdesk, "351910000202", history: LongThread - 2);

        var shortCalls = await DownloadAsync(helpdesk, calls, shortThread);
        var longCalls = await DownloadAsync(helpdesk, calls, longThread);

        shortCalls.Should().HaveCount(DownloadCalls, "docs/storage.md states what the download step of one photo costs");
        longCalls.Select(Shape).Should().Equal(shortCalls.Select(Shape), "the step reads its own message row, never the thread");
    }

    [Fact]
    public async Task An_agents_opening_and_seek_of_a_file_cost_the_same_storage_calls_in_a_thread_of_2_messages_and_of_200()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var shortThread = await PhotoAsync(helpdesk, "351910000203", history: 0);
        var longThread = await PhotoAsync(helpdesk, "351910000204", history: LongThread - 2);
        await DownloadAsync(helpdesk, calls, shortThread);
        await DownloadAsync(helpdesk, calls, longThread);
        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        (await agent.GetAsync(MediaUrl(shortThread))).StatusCode.Should().Be(HttpStatusCode.OK, "the agent's first request has read what a session reads once");

        var (shortOpening, shortSeek) = await ReadAsync(agent, calls, shortThread);
        var (longOpening, longSeek) = await ReadAsync(agent, calls, longThread);

        shortOpening.Should().HaveCount(OpeningCalls, "docs/storage.md states what an agent's opening of a file costs");
        shortSeek.Should().HaveCount(SeekCalls, "a seek reads the same and writes no audit row");
        longOpening.Select(Shape).Should().Equal(shortOpening.Select(Shape), "the endpoint reads the header and the one message row, never the thread");
        longSeek.Select(Shape).Should().Equal(shortSeek.Select(Shape));
    }

    private Task<HelpdeskInstance> StartAsync(StorageCallLog calls) =>
        // The sweeps keep to themselves here: their timers would add calls of their own to the count.
        HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00", ["ResponseTargets:Period"] = "01:00:00" },
            development: true,
            services: s => s.AddSingleton<HttpPipelinePolicy>(calls));

    /// <summary>
    /// A WhatsApp conversation routed to Lisbon (its opening text through the webhook), <paramref name="history"/> texts
    /// after it, then a photo whose download is not queued yet: the rows as the inbound step writes them.
    /// </summary>
    private static async Task<(string ConversationId, string RowKey)> PhotoAsync(HelpdeskInstance helpdesk, string waId, int history)
    {
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, waId, "Bom dia, estou em Lisboa", "lisbon");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the opening text is processed");
        var at = DateTimeOffset.UtcNow.AddMinutes(1);
        var rows = Enumerable.Range(0, history)
            .Select(i => Inbound(id, at.AddSeconds(i), "text", $"Message {i} about my passport", attachments: null))
            .Append(Inbound(id, at.AddSeconds(history), "image", null, JsonSerializer.Serialize<IReadOnlyList<ChannelAttachment>>(
                [new ChannelAttachment("image", "image/jpeg", MediaId: DemoMedia.PhotoId)], ThreadJsonContext.Default.IReadOnlyListChannelAttachment)))
            .ToList();
        foreach (var chunk in rows.Chunk(100))
        {
            await helpdesk.Table(n => n.Conversations).SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }

        return (id, rows[^1].RowKey);
    }

    private static MessageEntity Inbound(string conversationId, DateTimeOffset at, string kind, string? text, string? attachments) => new()
    {
        PartitionKey = conversationId,
        RowKey = $"msg-{at.UtcTicks:D19}-{Guid.NewGuid():N}"[..40],
        Direction = Directions.Inbound,
        ActivityType = ActivityTypes.Message,
        Kind = kind,
        Text = text,
        Attachments = attachments,
        ChannelMessageId = "wamid.H" + Guid.NewGuid().ToString("N"),
        SentAt = at,
        RecordedAt = at,
    };

    /// <summary>The table and blob calls of one media queue message, from its queuing until the photo is available and the queue drained.</summary>
    private async Task<List<string>> DownloadAsync(HelpdeskInstance helpdesk, StorageCallLog calls, (string ConversationId, string RowKey) photo)
    {
        calls.Clear();
        await helpdesk.Services.GetRequiredService<MediaQueue>().EnqueueAsync(new MediaJob(photo.ConversationId, photo.RowKey, ChannelKind.WhatsApp), CancellationToken.None);

        // Watched through a client of the test's own, so that the watching is not counted (a loaded machine may take a while).
        var conversations = new TableServiceClient(azurite.Azurite.ConnectionString).GetTableClient(helpdesk.Storage.Names.Conversations);
        var row = await HelpdeskInstance.EventuallyAsync(
            async () => (await conversations.GetEntityAsync<TableEntity>(photo.ConversationId, photo.RowKey)).Value,
            r => r.GetString("Media")?.Contains("\"available\"", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60));
        row.GetString("Media").Should().Contain("\"available\"", "the photo was downloaded");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the download step has finished");
        return Counted(calls, "the download step");
    }

    /// <summary>The table and blob calls of an agent's opening of the photo (no range), then of a player's seek (a range from byte 100).</summary>
    private async Task<(List<string> Opening, List<string> Seek)> ReadAsync(HttpClient agent, StorageCallLog calls, (string ConversationId, string RowKey) photo)
    {
        calls.Clear();
        using (var opening = await agent.GetAsync(MediaUrl(photo)))
        {
            opening.StatusCode.Should().Be(HttpStatusCode.OK);
            (await opening.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.Photo);
        }

        var openingCalls = Counted(calls, "an opening");
        calls.Clear();
        using var request = new HttpRequestMessage(HttpMethod.Get, MediaUrl(photo));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using (var seek = await agent.SendAsync(request))
        {
            seek.StatusCode.Should().Be(HttpStatusCode.PartialContent);
            (await seek.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.Photo[100..200]);
        }

        return (openingCalls, Counted(calls, "a seek"));
    }

    private static string MediaUrl((string ConversationId, string RowKey) photo) => $"api/triage/conversations/{photo.ConversationId}/media/{photo.RowKey}/0";

    private List<string> Counted(StorageCallLog calls, string what)
    {
        var counted = calls.Calls.Where(c => c.Uri.Port != azurite.Azurite.QueuePort).Select(c => $"{c.Method} {Uri.UnescapeDataString(c.Uri.PathAndQuery)}").ToList();
        output.WriteLine($"{what}: {counted.Count} table and blob calls:{Environment.NewLine}{string.Join(Environment.NewLine, counted)}");
        return counted;
    }

    /// <summary>A call without its keys (conversation, row, blob name): the same call in another thread has the same shape.</summary>
    private static string Shape(string call)
    {
        var query = call.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? call[(q + 1)..] : string.Empty;
        var comp = query.Split('&').FirstOrDefault(p => p.StartsWith("comp=", StringComparison.Ordinal));
        var path = call.Split('?')[0].Split('(')[0];
        return string.Join('/', path.Split('/').Take(3)) + (comp is null ? string.Empty : "?" + comp);
    }
}
