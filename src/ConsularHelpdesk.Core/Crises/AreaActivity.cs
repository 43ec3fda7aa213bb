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
    private const int MaxPerQuery = 1000;

    /// <summary>The most queries one page makes (a long period of many countries is mostly empty partitions).</summary>
    private const int MaxQueriesPerPage = 100;
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
    /// the two instants, one entry per contact (its newest row): the pages of <see cref="PageAsync"/> to the end.
    /// </summary>
    /// <exception cref="ArgumentException">No area, more than <see cref="MaxAreas"/>, one that is no code, or a period longer than <see cref="MaxPeriod"/>.</exception>
    public async Task<IReadOnlyList<AreaContact>> ContactsAsync(IReadOnlyCollection<string> areas, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, AreaContact>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await PageAsync(areas, fromUtc, toUtc, cursor, MaxPerQuery, cancellationToken);
            foreach (var contact in page.Contacts)
            {
                Keep(newest, contact);
            }

            cursor = page.Next;
        }
        while (cursor is not null);

        return [.. newest.Values.OrderByDescending(c => c.LastInboundAt).ThenBy(c => c.ContactKey, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The next contacts who wrote from one of <paramref name="areas"/> between the two instants, after
    /// <paramref name="cursor"/> (null: from the start): the area's partitions are walked newest day first (so that a
    /// contact is met first with its newest row, within a country), a country after the other, each in RowKey order.
    /// Reads at most <paramref name="maxRows"/> rows in at most <see cref="MaxQueriesPerPage"/> queries, whatever the
    /// area's size; one entry per contact of the page (its newest row; a contact may come again on a later page, from
    /// an older day or another country). <see cref="AreaPage.Next"/> is null when the walk is through.
    /// </summary>
    /// <exception cref="ArgumentException">No area, more than <see cref="MaxAreas"/>, one that is no code, or a period longer than <see cref="MaxPeriod"/>.</exception>
    public async Task<AreaPage> PageAsync(IReadOnlyCollection<string> areas, DateTimeOffset fromUtc, DateTimeOffset toUtc, string? cursor, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var (countries, partitions) = Plan(areas, fromUtc, toUtc);
        var (index, after) = ParseCursor(cursor, partitions.Count);
        var found = new Dictionary<string, AreaContact>(StringComparer.Ordinal);
        var (read, queries) = (0, 0);
        while (index < partitions.Count && read < maxRows && queries < MaxQueriesPerPage)
        {
            var (country, partition) = partitions[index];
            var filter = after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after}");
            Page<TableEntity>? page = null;
            await foreach (var first in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(maxRows - read, MaxPerQuery), cancellationToken: cancellationToken).AsPages())
            {
                page = first;
                break;
            }

            queries++;
            foreach (var row in page?.Values ?? [])
            {
                read++;
                after = row.RowKey;
                if (Contact(row, country, countries[country], fromUtc, toUtc) is { } contact)
                {
                    Keep(found, contact);
                }
            }

            if (page?.ContinuationToken is null)
            {
                (index, after) = (index + 1, null);
            }
        }

        return new AreaPage([.. found.Values], index < partitions.Count ? $"{index.ToString(CultureInfo.InvariantCulture)}:{after}" : null);
    }

    /// <summary>The countries asked for (null: the whole country, else its subdivisions) and the partitions to read, newest day first.</summary>
    private static (Dictionary<string, HashSet<string>?> Countries, List<(string Country, string Partition)> Partitions) Plan(IReadOnlyCollection<string> areas, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        if (areas.Count is 0 or > MaxAreas)
        {
            throw new ArgumentException($"Between 1 and {MaxAreas} areas.", nameof(areas));
        }

        if (toUtc < fromUtc || toUtc - fromUtc > MaxPeriod)
        {
            throw new ArgumentException($"The period runs forward and lasts at most {MaxPeriod.TotalDays} days.", nameof(toUtc));
        }

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
        var ordered = countries.Keys.Order(StringComparer.Ordinal).ToList();
        var partitions = new List<(string, string)>();
        for (var day = last; day >= first; day = day.AddDays(-1))
        {
            partitions.AddRange(ordered.Select(c => (c, Partition(c, day))));
        }

        return (countries, partitions);
    }

    /// <summary>The row as a contact of the question, or null (another subdivision, outside the period, unreadable).</summary>
    private static AreaContact? Contact(TableEntity row, string country, HashSet<string>? wanted, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var subdivision = row.GetString("Subdivision");
        if (wanted is not null && (subdivision is null || !wanted.Contains(subdivision)))
        {
            return null;
        }

        if (row.GetDateTimeOffset("LastInboundAt") is not { } at || at < fromUtc || at > toUtc
            || !Enum.TryParse<ChannelKind>(row.GetString("Channel"), out var channel) || row.GetString("ConversationId") is not { } conversation)
        {
            return null;
        }

        return new AreaContact(row.RowKey, subdivision ?? country, channel, conversation, row.GetString("Account"), at);
    }

    private static void Keep(Dictionary<string, AreaContact> newest, AreaContact contact)
    {
        if (!newest.TryGetValue(contact.ContactKey, out var known) || known.LastInboundAt < contact.LastInboundAt)
        {
            newest[contact.ContactKey] = contact;
        }
    }

    /// <summary>"{partition index}:{last RowKey read in it}"; anything else starts the walk again (the pages are idempotent to their readers).</summary>
    private static (int Index, string? After) ParseCursor(string? cursor, int partitions)
    {
        var colon = cursor?.IndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > partitions)
        {
            return (0, null);
        }

        var after = cursor![(colon + 1)..];
        return (index, after.Length == 0 ? null : after);
    }

    /// <summary>
    /// Removes the contact's rows of <paramref name="country"/> on <paramref name="days"/> that name
    /// <paramref name="conversationId"/> (a purge of that conversation): a point read per day, a delete on its ETag.
    /// </summary>
    public async Task<int> ForgetAsync(string country, string contactKey, string conversationId, IEnumerable<DateOnly> days, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var day in days.Distinct())
        {
            var partition = Partition(country, day);
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(partition, contactKey, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value!.GetString("ConversationId") != conversationId)
            {
                continue;
            }

            try
            {
                await Table.DeleteEntityAsync(partition, contactKey, found.Value.ETag, cancellationToken);
                _written.TryRemove($"{partition}|{contactKey}", out _);
                removed++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Gone meanwhile, or rewritten by a later message of another conversation: not this conversation's any more.
            }
        }

        return removed;
    }

    internal static string Partition(string country, DateOnly day) => $"{country}|{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>What an instance wrote (or read) of a contact's row of the day: the message time, area, conversation and the row's ETag.</summary>
    private sealed record Written(DateTimeOffset At, string? Area, string ConversationId, ETag ETag);
}
