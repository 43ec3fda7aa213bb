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
/// the last <see cref="LookBack"/> (the conversations of later messages are tagged as they are recorded). The opening
/// request tags those of the index's first <see cref="InRequest"/> rows and queues one message on the
/// <c>crisis-tagging</c> queue to go on from there; each queued step tags those of the next <see cref="BatchSize"/> rows
/// (read from the cursor on: a step never reads the area again from its start) and queues the next step, so that the
/// request's work and each step's are bounded whatever the area's size. The step tags before it queues the next, and
/// tagging is idempotent: a redelivered step tags again what it tagged, never skips. A step of a crisis closed
/// meanwhile does nothing.
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

    /// <summary>Tags the conversations of the area's first rows now and queues a step for the rest; returns (tagged now, whether a step was queued).</summary>
    internal async Task<(int Tagged, bool MoreQueued)> StartAsync(Crisis crisis, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var step = new CrisisTaggingStep(crisis.Id, now - LookBack, now, null);
        var (tagged, next) = await TagPageAsync(crisis, step, InRequest, cancellationToken);
        LogStarted(crisis.Id, tagged, next is not null);
        return (tagged, next is not null);
    }

    /// <summary>One step of the queue: throws on what it cannot finish, so the queue redelivers it.</summary>
    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        CrisisTaggingStep? step;
        try
        {
            step = JsonSerializer.Deserialize(message, CrisisTaggingJsonContext.Default.CrisisTaggingStep);
        }
        catch (JsonException)
        {
            step = null;
        }

        if (step is not { CrisisId.Length: > 0 } || step.To < step.From)
        {
            throw new InvalidDataException("A crisis tagging step that is not one: kept in the poison queue.");
        }

        await crises.RefreshAsync(cancellationToken);
        if (crises.Find(step.CrisisId) is not { } crisis)
        {
            return; // closed meanwhile
        }

        var (tagged, next) = await TagPageAsync(crisis, step, BatchSize, cancellationToken);
        LogStep(crisis.Id, tagged, next is not null);
    }

    /// <summary>Tags the conversations of the next <paramref name="rows"/> rows of the area after the step's cursor, then queues the step after them (if any).</summary>
    private async Task<(int Tagged, CrisisTaggingStep? Next)> TagPageAsync(Crisis crisis, CrisisTaggingStep step, int rows, CancellationToken cancellationToken)
    {
        var page = await activity.PageAsync([.. crisis.Areas], step.From, step.To, step.Cursor, rows, cancellationToken);
        var tagged = await TagAsync(crisis.Id, page.Contacts.Select(c => c.ConversationId).Distinct(StringComparer.Ordinal), cancellationToken);
        if (page.Next is null)
        {
            return (tagged, null);
        }

        var next = step with { Cursor = page.Next };
        await storage.Queue(QueueName).SendMessageAsync(JsonSerializer.Serialize(next, CrisisTaggingJsonContext.Default.CrisisTaggingStep), cancellationToken);
        return (tagged, next);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Crisis {CrisisId}: {Tagged} conversations of its area tagged at once, the rest queued: {MoreQueued}")]
    private partial void LogStarted(string crisisId, int tagged, bool moreQueued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Crisis {CrisisId}: {Tagged} conversations of its area tagged by a queued step, a next step queued: {MoreQueued}")]
    private partial void LogStep(string crisisId, int tagged, bool moreQueued);
}

/// <summary>
/// A step of a crisis's tagging, as queued: the crisis, the look-back period fixed at the opening (the walk of the area
/// index depends on it) and where in that walk the step starts (<see cref="AreaActivity.PageAsync"/>'s cursor).
/// </summary>
internal sealed record CrisisTaggingStep(string CrisisId, DateTimeOffset From, DateTimeOffset To, string? Cursor);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CrisisTaggingStep))]
internal sealed partial class CrisisTaggingJsonContext : JsonSerializerContext;
