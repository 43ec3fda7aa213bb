using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Tags the conversations already running in a crisis's area when it opens: those the area activity index holds for
/// the last <see cref="LookBack"/> (the conversations of later messages are tagged as they are recorded). The first
/// <see cref="InRequest"/> in the opening request, the rest through the <c>crisis-tagging</c> queue in batches of
/// <see cref="BatchSize"/>, so that the request's work is bounded whatever the area's size; tagging is idempotent, so a
/// redelivered batch is harmless, and a batch of a crisis closed meanwhile does nothing.
/// </summary>
public sealed partial class CrisisTagging : IQueueHandler
{
    /// <summary>How far back the area's conversations are looked for.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(14);

    internal const int InRequest = 20;
    internal const int BatchSize = 100;
    private const int Parallelism = 4;

    private readonly StorageClients storage;
    private readonly AreaActivity activity;
    private readonly CrisisTags tags;
    private readonly OpenCrises crises;
    private readonly TimeProvider time;
    private readonly ILogger<CrisisTagging> logger;

    internal CrisisTagging(StorageClients storage, AreaActivity activity, CrisisTags tags, OpenCrises crises, TimeProvider time, ILogger<CrisisTagging> logger)
    {
        this.storage = storage;
        this.activity = activity;
        this.tags = tags;
        this.crises = crises;
        this.time = time;
        this.logger = logger;
    }

    public string QueueName => storage.Names.CrisisTaggingQueue;

    /// <summary>Tags the first conversations of the area now and queues the rest; returns (tagged now, queued).</summary>
    internal async Task<(int Tagged, int Queued)> StartAsync(Crisis crisis, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var contacts = await activity.ContactsAsync([.. crisis.Areas], now - LookBack, now, cancellationToken);
        var conversations = contacts.Select(c => c.ConversationId).Distinct(StringComparer.Ordinal).ToList();
        var tagged = await TagAsync(crisis.Id, conversations.Take(InRequest), cancellationToken);
        var rest = conversations.Skip(InRequest).ToList();
        var queue = storage.Queue(QueueName);
        foreach (var batch in rest.Chunk(BatchSize))
        {
            await queue.SendMessageAsync(JsonSerializer.Serialize(new CrisisTaggingBatch(crisis.Id, batch), CrisisTaggingJsonContext.Default.CrisisTaggingBatch), cancellationToken);
        }

        LogStarted(crisis.Id, tagged, rest.Count);
        return (tagged, rest.Count);
    }

    /// <summary>One batch of the queue: throws on what it cannot finish, so the queue redelivers it.</summary>
    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        CrisisTaggingBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(message, CrisisTaggingJsonContext.Default.CrisisTaggingBatch);
        }
        catch (JsonException)
        {
            batch = null;
        }

        if (batch is not { CrisisId.Length: > 0, Conversations: { } ids })
        {
            throw new InvalidDataException("A crisis tagging batch that is not one: kept in the poison queue.");
        }

        await crises.RefreshAsync(cancellationToken);
        if (!crises.IsOpen(batch.CrisisId))
        {
            return; // closed meanwhile
        }

        await TagAsync(batch.CrisisId, ids.Take(BatchSize), cancellationToken);
    }

    private async Task<int> TagAsync(string crisisId, IEnumerable<string> conversations, CancellationToken cancellationToken)
    {
        var tagged = 0;
        await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (await tags.TagAsync(id, crisisId, ct))
            {
                Interlocked.Increment(ref tagged);
            }
        });
        return tagged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Crisis {CrisisId}: {Tagged} conversations of its area tagged at once, {Queued} queued")]
    private partial void LogStarted(string crisisId, int tagged, int queued);
}

internal sealed record CrisisTaggingBatch(string CrisisId, IReadOnlyList<string> Conversations);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CrisisTaggingBatch))]
internal sealed partial class CrisisTaggingJsonContext : JsonSerializerContext;
