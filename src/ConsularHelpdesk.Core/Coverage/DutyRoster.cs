using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The duty roster in the <c>Roster</c> table (<see cref="RosterKeys"/>): one partition per ISO week of the shift's
/// start, plus a marker row bumped after every change. A read reads the marker (one point read), then each week it
/// needs from this instance's memory while the marker has not moved, from storage otherwise: the list polls and the
/// sweeps that ask "who covers now" cost one point read, not a partition read each.
/// </summary>
internal sealed class DutyRoster(StorageClients storage)
{
    /// <summary>Beyond this many weeks in memory, all go (weeks are read again as needed).</summary>
    private const int MaxCachedWeeks = 64;

    /// <summary>The most shifts a week may hold: a read never grows without bound.</summary>
    public const int MaxShiftsPerWeek = 5_000;

    private readonly ConcurrentDictionary<string, (string Marker, IReadOnlyList<RosterShift> Shifts)> _weeks = new(StringComparer.Ordinal);

    private TableClient Table => storage.Table(storage.Names.Roster);

    /// <summary>Every shift that overlaps [<paramref name="from"/>, <paramref name="to"/>), by start.</summary>
    public async Task<IReadOnlyList<RosterShift>> ShiftsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var marker = await MarkerAsync(cancellationToken);
        var weeks = await Task.WhenAll(RosterKeys.WeeksOverlapping(from, to).Select(w => WeekAsync(w, marker, cancellationToken)));
        return [.. weeks.SelectMany(w => w).Where(s => s.Overlaps(from, to)).OrderBy(s => s.Start).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>One shift by id (a point read), or null.</summary>
    public async Task<RosterShift?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (RosterKeys.PartitionOf(id) is not { } week)
        {
            return null;
        }

        var response = await Table.GetEntityIfExistsAsync<TableEntity>(week, id, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? ToShift(e) : null;
    }

    /// <summary>Adds the shift (its id gives the partition), then bumps the marker.</summary>
    /// <exception cref="InvalidOperationException">The shift's week is full.</exception>
    public async Task AddAsync(RosterShift shift, string changedBy, CancellationToken cancellationToken)
    {
        var week = RosterKeys.PartitionOf(shift.Id) ?? throw new ArgumentException("Not a roster id.", nameof(shift));
        var marker = await MarkerAsync(cancellationToken);
        if ((await WeekAsync(week, marker, cancellationToken)).Count >= MaxShiftsPerWeek)
        {
            throw new InvalidOperationException($"The roster's week {week} holds {MaxShiftsPerWeek} shifts already.");
        }

        await Table.AddEntityAsync(ToEntity(shift, changedBy), cancellationToken);
        await BumpAsync(cancellationToken);
    }

    /// <summary>Removes the shift, then bumps the marker; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (RosterKeys.PartitionOf(id) is not { } week)
        {
            return false;
        }

        try
        {
            await Table.DeleteEntityAsync(week, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }

        await BumpAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Replaces a shift. Its start may move to another week, so the new version is a new row (new id) and the old one
    /// goes; a reader between the two sees both, never neither (the cover errs on the side of more people).
    /// </summary>
    public async Task ReplaceAsync(string oldId, RosterShift shift, string changedBy, CancellationToken cancellationToken)
    {
        if (shift.Id == oldId)
        {
            await Table.UpsertEntityAsync(ToEntity(shift, changedBy), TableUpdateMode.Replace, cancellationToken);
            await BumpAsync(cancellationToken);
            return;
        }

        await AddAsync(shift, changedBy, cancellationToken);
        await DeleteAsync(oldId, cancellationToken);
    }

    private async Task<string> MarkerAsync(CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(RosterKeys.MarkerPartition, RosterKeys.MarkerRow, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } marker ? $"{marker.ETag}|{marker.GetString("Stamp")}" : "none";
    }

    // A new stamp every time: the emulator's ETags have millisecond precision, two bumps in one millisecond must still differ.
    private async Task BumpAsync(CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(RosterKeys.MarkerPartition, RosterKeys.MarkerRow) { ["Stamp"] = Guid.NewGuid().ToString("N") }, TableUpdateMode.Replace, cancellationToken);

    private async Task<IReadOnlyList<RosterShift>> WeekAsync(string week, string marker, CancellationToken cancellationToken)
    {
        if (_weeks.TryGetValue(week, out var cached) && cached.Marker == marker)
        {
            return cached.Shifts;
        }

        var shifts = new List<RosterShift>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {week}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (shifts.Count >= MaxShiftsPerWeek)
            {
                break;
            }

            shifts.Add(ToShift(e));
        }

        if (_weeks.Count >= MaxCachedWeeks)
        {
            _weeks.Clear();
        }

        _weeks[week] = (marker, shifts);
        return shifts;
    }

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    private static TableEntity ToEntity(RosterShift s, string changedBy) => new(RosterKeys.PartitionOf(s.Id)!, s.Id)
    {
        ["AgentId"] = s.AgentId,
        ["AgentName"] = s.AgentName,
        ["Target"] = s.Target,
        ["LocalStart"] = s.LocalStart.ToString(LocalFormat, CultureInfo.InvariantCulture),
        ["LocalEnd"] = s.LocalEnd.ToString(LocalFormat, CultureInfo.InvariantCulture),
        ["Start"] = s.Start,
        ["End"] = s.End,
        ["Note"] = s.Note,
        ["ChangedBy"] = changedBy,
    };

    private static RosterShift ToShift(TableEntity e) => new(
        e.RowKey,
        e.GetString("AgentId") ?? "",
        e.GetString("AgentName") ?? e.GetString("AgentId") ?? "",
        e.GetString("Target") ?? "",
        DateTime.ParseExact(e.GetString("LocalStart") ?? "2000-01-01T00:00", LocalFormat, CultureInfo.InvariantCulture),
        DateTime.ParseExact(e.GetString("LocalEnd") ?? "2000-01-01T00:00", LocalFormat, CultureInfo.InvariantCulture),
        e.GetDateTimeOffset("Start") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("End") ?? DateTimeOffset.MinValue,
        e.GetString("Note"));
}
