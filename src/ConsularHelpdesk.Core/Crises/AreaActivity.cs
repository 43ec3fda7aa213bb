using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// Who wrote from which area when: <c>AreaActivity</c> table, PartitionKey = <c>{country}|{yyyyMMdd}</c> (the UTC day of
/// the message), RowKey = the contact key, so that "the citizens who wrote from J between two days" reads only the
/// partitions of J's countries on those days, never the contacts or the conversations. A subdivision (ISO 3166-2) is a
/// field of the country's row, not a partition of its own: one write per message covers both a crisis of the country and
/// one of the subdivision, and a subdivision's question reads its country's rows (subdivisions matter only in the few
/// countries split between posts). The row holds the contact's latest message of the day, within
/// <see cref="RewriteAfter"/>: an instance notes what it wrote (the message's time and the row's ETag), and a later
/// message rewrites the row only once its time is that much past the noted one (or its area or conversation changed),
/// so that most messages of a day cost no call and <c>LastInboundAt</c> is at most that much behind the last message.
/// A message never puts an older time over a newer one: the write is an <c>Add</c> or a replace on the noted ETag, and
/// a row another instance wrote is read and replaced only when it is older.
/// </summary>
internal sealed class AreaActivity(StorageClients storage)
{
    /// <summary>The longest period <see cref="ContactsAsync"/> answers (one partition per country and day).</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(92);

    /// <summary>How far a message's time may be past the time the row holds before the row is written again.</summary>
    public static readonly TimeSpan RewriteAfter = TimeSpan.FromMinutes(15);

    /// <summary>The most areas one question names.</summary>
    public const int MaxAreas = 50;

    // A note per row written; cleared when it grows past this (some tens of MB), after which rows are written once more.
    private const int MaxNotes = 200_000;
    private const int Parallelism = 8;
    private const int WriteAttempts = 5;

    private readonly ConcurrentDictionary<string, Written> _written = new(StringComparer.Ordinal);

    private TableClient Table => storage.Table(storage.Names.AreaActivity);

    /// <summary>
    /// Records that the contact wrote from <paramref name="area"/> at <paramref name="at"/>: no call when the row of the
    /// day holds this area and conversation at most <see cref="RewriteAfter"/> before <paramref name="at"/> (or later);
    /// else one write, more only when another instance wrote the row meanwhile.
    /// </summary>
    public async Task RecordAsync(Place area, string contactKey, ChannelKind channel, string conversationId, string? account, DateTimeOffset at, CancellationToken cancellationToken)
    {
        at = at.ToUniversalTime();
        var partition = Partition(area.Country, DateOnly.FromDateTime(at.UtcDateTime));
        var note = $"{partition}|{contactKey}";
        _written.TryGetValue(note, out var known);
        if (known is not null && (at <= known.At || (at - known.At < RewriteAfter && known.Area == area.Subdivision && known.ConversationId == conversationId)))
        {
            return;
        }

        var row = new TableEntity(partition, contactKey)
        {
            ["Subdivision"] = area.Subdivision,
            ["Channel"] = channel.ToString(),
            ["ConversationId"] = conversationId,
            ["Account"] = account is { Length: <= 64 } ? account : null,
            ["LastInboundAt"] = at,
        };
        for (var attempt = 1; attempt <= WriteAttempts; attempt++)
        {
            try
            {
                var response = known is null
                    ? await Table.AddEntityAsync(row, cancellationToken)
                    : await Table.UpdateEntityAsync(row, known.ETag, TableUpdateMode.Replace, cancellationToken);
                Note(note, new Written(at, area.Subdivision, conversationId, response.Headers.ETag ?? default));
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Written by another instance (or by this one before a restart or a clearing of the notes): keep the newer.
                var current = await Table.GetEntityIfExistsAsync<TableEntity>(partition, contactKey, cancellationToken: cancellationToken);
                if (!current.HasValue)
                {
                    known = null;
                    continue;
                }

                var stored = current.Value!;
                known = new Written(stored.GetDateTimeOffset("LastInboundAt") ?? DateTimeOffset.MinValue, stored.GetString("Subdivision"), stored.GetString("ConversationId") ?? string.Empty, stored.ETag);
                if (known.At >= at)
                {
                    Note(note, known);
                    return;
                }
            }
        }
    }

    private void Note(string note, Written written)
    {
        if (_written.Count >= MaxNotes)
        {
            _written.Clear();
        }

        _written[note] = written;
    }

    /// <summary>
    /// Every contact who wrote from one of <paramref name="areas"/> (countries "BR" or subdivisions "BR-RS") between
    /// the two instants, one entry per contact (its newest row): one query per country and UTC day of the period.
    /// </summary>
    /// <exception cref="ArgumentException">No area, more than <see cref="MaxAreas"/>, one that is no code, or a period longer than <see cref="MaxPeriod"/>.</exception>
    public async Task<IReadOnlyList<AreaContact>> ContactsAsync(IReadOnlyCollection<string> areas, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        if (areas.Count is 0 or > MaxAreas)
        {
            throw new ArgumentException($"Between 1 and {MaxAreas} areas.", nameof(areas));
        }

        if (toUtc < fromUtc || toUtc - fromUtc > MaxPeriod)
        {
            throw new ArgumentException($"The period runs forward and lasts at most {MaxPeriod.TotalDays} days.", nameof(toUtc));
        }

        // Per country: null = the whole country, else the subdivisions asked for.
        var countries = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var code in areas)
        {
            var place = ConversationArea.Parse(code) ?? throw new ArgumentException($"'{code}' is no ISO 3166 code.", nameof(areas));
            if (place.Subdivision is null)
            {
                countries[place.Country] = null;
            }
            else
            {
                if (!countries.TryGetValue(place.Country, out var subdivisions))
                {
                    countries[place.Country] = subdivisions = new HashSet<string>(StringComparer.Ordinal);
                }

                subdivisions?.Add(place.Subdivision); // null: the whole country is asked for already
            }
        }

        var first = DateOnly.FromDateTime(fromUtc.UtcDateTime);
        var last = DateOnly.FromDateTime(toUtc.UtcDateTime);
        var partitions = countries.Keys.SelectMany(c => Days(first, last).Select(d => (Country: c, Partition: Partition(c, d)))).ToList();
        var newest = new ConcurrentDictionary<string, AreaContact>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (p, ct) =>
        {
            var wanted = countries[p.Country];
            await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == p.Partition, cancellationToken: ct))
            {
                var subdivision = row.GetString("Subdivision");
                if (wanted is not null && (subdivision is null || !wanted.Contains(subdivision)))
                {
                    continue;
                }

                if (row.GetDateTimeOffset("LastInboundAt") is not { } at || at < fromUtc || at > toUtc
                    || !Enum.TryParse<ChannelKind>(row.GetString("Channel"), out var channel) || row.GetString("ConversationId") is not { } conversation)
                {
                    continue;
                }

                var contact = new AreaContact(row.RowKey, subdivision ?? p.Country, channel, conversation, row.GetString("Account"), at);
                newest.AddOrUpdate(row.RowKey, contact, (_, known) => known.LastInboundAt >= at ? known : contact);
            }
        });

        return [.. newest.Values.OrderByDescending(c => c.LastInboundAt).ThenBy(c => c.ContactKey, StringComparer.Ordinal)];
    }

    internal static string Partition(string country, DateOnly day) => $"{country}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>What an instance wrote (or read) of a contact's row of the day: the message time, area, conversation and the row's ETag.</summary>
    private sealed record Written(DateTimeOffset At, string? Area, string ConversationId, ETag ETag);

    private static IEnumerable<DateOnly> Days(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
