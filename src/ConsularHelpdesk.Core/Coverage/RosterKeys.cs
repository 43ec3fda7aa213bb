using System.Globalization;
using System.Text.RegularExpressions;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The keys of the <c>Roster</c> table: PartitionKey = the ISO week (UTC) a shift starts in ("2026-W49"), RowKey = the
/// shift id, which starts with that week ("2026-W49-" and 32 hex digits) so that an id alone finds its row. A shift is
/// at most <see cref="MaxShift"/> long, so the shifts running at an instant started in its week or the one before.
/// </summary>
internal static partial class RosterKeys
{
    /// <summary>The longest shift: what bounds the partitions a read at an instant looks at.</summary>
    public static readonly TimeSpan MaxShift = TimeSpan.FromDays(7);

    public const string MarkerPartition = "marker";

    public const string MarkerRow = "roster";

    public static string Week(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return $"{ISOWeek.GetYear(utc):D4}-W{ISOWeek.GetWeekOfYear(utc):D2}";
    }

    /// <summary>The week partitions that can hold a shift overlapping [from, to): from the week of from minus a shift to the week of to.</summary>
    public static IReadOnlyList<string> WeeksOverlapping(DateTimeOffset from, DateTimeOffset to)
    {
        var weeks = new List<string>();
        for (var day = from - MaxShift; day < to; day = day.AddDays(7))
        {
            weeks.Add(Week(day));
        }

        var last = Week(to.AddTicks(-1));
        if (!weeks.Contains(last, StringComparer.Ordinal))
        {
            weeks.Add(last);
        }

        return weeks.Distinct(StringComparer.Ordinal).ToList();
    }

    public static string NewId(DateTimeOffset start) => $"{Week(start)}-{Guid.NewGuid():N}";

    /// <summary>The partition of a shift id, or null when the id is not one the roster gives.</summary>
    public static string? PartitionOf(string? id) => id is not null && ShiftId().IsMatch(id) ? id[..8] : null;

    /// <summary>A week written as the API takes it ("2026-W49"): its Monday, or null.</summary>
    public static DateOnly? Monday(string? week)
    {
        var match = WeekText().Match(week ?? "");
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return year is >= 2000 and <= 2999 && number >= 1 && number <= ISOWeek.GetWeeksInYear(year)
            ? DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday))
            : null;
    }

    [GeneratedRegex("^[0-9]{4}-W[0-9]{2}-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShiftId();

    [GeneratedRegex("^([0-9]{4})-W([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekText();
}
