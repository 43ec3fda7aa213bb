using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The crises: <c>Crises</c> table, partition <see cref="ListPartition"/> holds one row per crisis (RowKey = its id),
/// an area lock per open code (<c>lock-{code}</c>) and the generation row (<see cref="GenerationRowKey"/>, a new value on
/// every open and close), written in one transaction: a reader that sees the new generation sees the crisis. An open
/// reads the generation row before its overlap check and replaces it on that ETag, so that opens and closes are
/// serialised on that one row: two overlapping crises (a country and one of its subdivisions take different locks)
/// cannot both open at the same moment; the one that lost checks again. Every crisis is kept after it closes (history).
/// </summary>
internal sealed class CrisisStore(StorageClients storage, TimeProvider time)
{
    internal const string ListPartition = "crises";
    internal const string GenerationRowKey = "~generation";
    private const string LockPrefix = "lock-";

    private TableClient Table => storage.Table(storage.Names.Crises);

    /// <summary>How often an open that met another open or close at the same moment checks again before it gives up.</summary>
    private const int OpenAttempts = 8;

    /// <summary>
    /// Opens a crisis, unless an open crisis covers one of its codes already (that crisis's id is returned then, nothing
    /// written). The check and the write hold on the generation row's ETag: an open or close in between makes the write
    /// fail, and the check is made again.
    /// </summary>
    public async Task<(Crisis? Opened, string? ConflictsWith)> OpenAsync(string title, IReadOnlyList<string> countries, IReadOnlyList<string> subdivisions, CrisisMessages messages, string by, string byName, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var generation = await Table.GetEntityIfExistsAsync<TableEntity>(ListPartition, GenerationRowKey, select: ["Value"], cancellationToken: cancellationToken);
            var open = (await ListAsync(cancellationToken, openOnly: true)).FirstOrDefault(c => c.Overlaps(countries, subdivisions));
            if (open is not null)
            {
                return (null, open.Id);
            }

            var now = time.GetUtcNow();
            var crisis = new Crisis(NewId(now), title, countries, subdivisions, messages, by, byName, now);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, Row(crisis)) };
            actions.AddRange(crisis.Areas.Select(a => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(ListPartition, LockPrefix + a) { ["CrisisId"] = crisis.Id })));
            actions.Add(generation.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, NextGeneration(), generation.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, NextGeneration()));
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return (crisis, null);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < OpenAttempts)
            {
                // Another crisis was opened or closed at the same moment (the generation moved, or a lock is there): check again.
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                var other = (await ListAsync(cancellationToken, openOnly: true)).FirstOrDefault(c => c.Overlaps(countries, subdivisions));
                return (null, other?.Id ?? string.Empty);
            }
        }
    }

    /// <summary>Closes a crisis (its row kept, its locks gone): null when there is none; one closed already is returned as it is.</summary>
    public async Task<Crisis?> CloseAsync(string id, string by, string byName, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!IsId(id))
            {
                return null;
            }

            var row = await Table.GetEntityIfExistsAsync<TableEntity>(ListPartition, id, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return null;
            }

            var crisis = FromRow(row.Value!);
            if (!crisis.IsOpen)
            {
                return crisis;
            }

            var closed = crisis with { ClosedBy = by, ClosedByName = byName, ClosedAt = time.GetUtcNow() };
            var update = Row(closed);
            update.ETag = row.Value!.ETag;
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, update, row.Value.ETag) };
            actions.AddRange(crisis.Areas.Select(a => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(ListPartition, LockPrefix + a), ETag.All)));
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, NextGeneration()));
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return closed;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412 && attempt < 3)
            {
                // Closed at the same time, or a lock already gone: read again.
                if (e.Status == 404)
                {
                    await RemoveLocksAsync(crisis, cancellationToken);
                }
            }
        }
    }

    /// <summary>Whether <paramref name="id"/> has the shape of a crisis id (<c>cr</c>, 14 digits, 8 hex): anything else is no crisis, read nothing.</summary>
    public static bool IsId(string? id) =>
        id is { Length: 24 } && id.StartsWith("cr", StringComparison.Ordinal) && id.AsSpan(2, 14).ContainsAnyExceptInRange('0', '9') is false
        && id.AsSpan(16).ContainsAnyExcept(HexDigits) is false;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>One crisis, or null.</summary>
    public async Task<Crisis?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return null;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(ListPartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? FromRow(row.Value!) : null;
    }

    /// <summary>Every crisis, open and closed, newest first: one partition (a crisis is rare: some a year).</summary>
    public async Task<IReadOnlyList<Crisis>> ListAsync(CancellationToken cancellationToken, bool openOnly = false)
    {
        var filter = openOnly
            ? TableClient.CreateQueryFilter($"PartitionKey eq {ListPartition} and IsOpen eq true")
            : TableClient.CreateQueryFilter($"PartitionKey eq {ListPartition} and RowKey ge {"cr"} and RowKey lt {"cs"}");
        var result = new List<Crisis>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith("cr", StringComparison.Ordinal))
            {
                result.Add(FromRow(row));
            }
        }

        return [.. result.OrderByDescending(c => c.OpenedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <summary>The generation: a new value on every open and close (null before the first crisis).</summary>
    public async Task<string?> GenerationAsync(CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(ListPartition, GenerationRowKey, select: ["Value"], cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Value") : null;
    }

    private async Task RemoveLocksAsync(Crisis crisis, CancellationToken cancellationToken)
    {
        foreach (var area in crisis.Areas)
        {
            await Table.DeleteEntityAsync(ListPartition, LockPrefix + area, ETag.All, cancellationToken);
        }
    }

    /// <summary>The generation row with a new value (a close upserts it: that moves its ETag too, so an open checking at that moment checks again).</summary>
    private TableEntity NextGeneration() => new(ListPartition, GenerationRowKey) { ["Value"] = Guid.NewGuid().ToString("N"), ["ChangedAt"] = time.GetUtcNow() };

    /// <summary>"cr" + the opening time (sortable) + 8 random hex digits.</summary>
    private static string NewId(DateTimeOffset now) =>
        "cr" + now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private static TableEntity Row(Crisis crisis) => new(ListPartition, crisis.Id)
    {
        ["Title"] = crisis.Title,
        ["Countries"] = string.Join(',', crisis.Countries),
        ["Subdivisions"] = string.Join(',', crisis.Subdivisions),
        ["Messages"] = JsonSerializer.Serialize(crisis.Messages, CrisisJsonContext.Default.CrisisMessages),
        ["OpenedBy"] = crisis.OpenedBy,
        ["OpenedByName"] = crisis.OpenedByName,
        ["OpenedAt"] = crisis.OpenedAt,
        ["ClosedBy"] = crisis.ClosedBy,
        ["ClosedByName"] = crisis.ClosedByName,
        ["ClosedAt"] = crisis.ClosedAt,
        ["IsOpen"] = crisis.IsOpen,
    };

    private static Crisis FromRow(TableEntity row) => new(
        row.RowKey,
        row.GetString("Title") ?? string.Empty,
        Codes(row.GetString("Countries")),
        Codes(row.GetString("Subdivisions")),
        JsonSerializer.Deserialize(row.GetString("Messages") ?? "{}", CrisisJsonContext.Default.CrisisMessages) ?? new CrisisMessages("", "", "", ""),
        row.GetString("OpenedBy") ?? string.Empty,
        row.GetString("OpenedByName") ?? string.Empty,
        row.GetDateTimeOffset("OpenedAt") ?? default,
        row.GetString("ClosedBy"),
        row.GetString("ClosedByName"),
        row.GetDateTimeOffset("ClosedAt"));

    private static string[] Codes(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',');
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CrisisMessages))]
internal sealed partial class CrisisJsonContext : JsonSerializerContext;
