using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The closure days administrators store per post: <c>Closures</c> table, PartitionKey = post id, RowKey = the local
/// date (yyyy-MM-dd), so that a year of a post is one range query. Every change also replaces the post's marker row
/// (PartitionKey <see cref="MarkerPartition"/>, RowKey = post id, a new <c>Version</c>): <see cref="StoredClosures"/>
/// reads that one small partition to learn which posts changed, and only their dates again.
/// </summary>
internal sealed class ClosureStore(StorageClients storage, TimeProvider time)
{
    /// <summary>The partition of the markers; no post id starts with '~'.</summary>
    internal const string MarkerPartition = "~marker";

    /// <summary>The longest note kept with a closure day.</summary>
    public const int MaxNote = 200;

    // An entity-group transaction takes at most 100 actions.
    private const int BatchSize = 100;

    private TableClient Closures => storage.Table(storage.Names.Closures);

    /// <summary>The post's stored closure days from <paramref name="from"/> to <paramref name="to"/>, both included, in date order.</summary>
    public async Task<IReadOnlyList<StoredClosure>> ListAsync(string postId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {postId} and RowKey ge {Key(from)} and RowKey le {Key(to)}");
        var result = new List<StoredClosure>();
        await foreach (var row in Closures.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (DateOnly.TryParseExact(row.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                result.Add(new StoredClosure(date, row.GetString("Note"), row.GetString("ChangedBy") ?? string.Empty, row.GetDateTimeOffset("ChangedAt") ?? default));
            }
        }

        return result;
    }

    /// <summary>The version of every post's marker (posts without stored closures have none): one partition, at most one row per post.</summary>
    public async Task<IReadOnlyDictionary<string, string>> MarkersAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Closures.QueryAsync<TableEntity>(e => e.PartitionKey == MarkerPartition, select: ["RowKey", "Version"], cancellationToken: cancellationToken))
        {
            result[row.RowKey] = row.GetString("Version") ?? string.Empty;
        }

        return result;
    }

    /// <summary>Stores (or replaces) one closure day, then moves the post's marker.</summary>
    public async Task PutAsync(string postId, DateOnly date, string? note, string changedBy, CancellationToken cancellationToken)
    {
        await Closures.UpsertEntityAsync(Row(postId, date, note, changedBy), TableUpdateMode.Replace, cancellationToken);
        await TouchAsync(postId, cancellationToken);
    }

    /// <summary>Removes one closure day (false when there was none), then moves the post's marker.</summary>
    public async Task<bool> DeleteAsync(string postId, DateOnly date, CancellationToken cancellationToken)
    {
        var response = await Closures.DeleteEntityAsync(postId, Key(date), ETag.All, cancellationToken);
        await TouchAsync(postId, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>Stores many closure days (kept when there already), in transactions of 100, then moves the post's marker once.</summary>
    public async Task ImportAsync(string postId, IEnumerable<DateOnly> dates, string note, string changedBy, CancellationToken cancellationToken)
    {
        foreach (var batch in dates.Order().Chunk(BatchSize))
        {
            await Closures.SubmitTransactionAsync(
                batch.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(postId, d, note, changedBy))),
                cancellationToken);
        }

        await TouchAsync(postId, cancellationToken);
    }

    internal static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private TableEntity Row(string postId, DateOnly date, string? note, string changedBy) => new(postId, Key(date))
    {
        ["Note"] = note,
        ["ChangedBy"] = changedBy,
        ["ChangedAt"] = time.GetUtcNow(),
    };

    // Written after the dates: a reader that sees the new version reads the new dates. Should this write fail, the
    // caller gets an error and repeats the change (every change is idempotent), which moves the marker then.
    private async Task TouchAsync(string postId, CancellationToken cancellationToken) =>
        await Closures.UpsertEntityAsync(
            new TableEntity(MarkerPartition, postId) { ["Version"] = Guid.NewGuid().ToString("N"), ["ChangedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken);
}
