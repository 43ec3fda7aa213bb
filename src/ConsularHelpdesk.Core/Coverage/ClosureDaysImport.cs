using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Reads a post's closure days from an iCalendar (.ics) file, as an administrator exports them from any calendar
/// application: all-day events (a multi-day event's DTEND is exclusive), recurring events (a yearly national day)
/// expanded within a date range, and timed events, which close the post on the local date they start on in the
/// post's zone (a half-day closure still means the post is away that day). Bounded, because the file comes from
/// outside: every failure is an <see cref="InvalidDataException"/> with a message that holds no file content.
/// </summary>
internal static class ClosureDaysImport
{
    /// <summary>The largest file read: a post's closure calendar for decades is a few kilobytes.</summary>
    internal const int MaxBytes = 1024 * 1024;

    /// <summary>The most closure dates a file may give within the range: more is a mistake (a daily rule), not a calendar.</summary>
    internal const int MaxDates = 1000;

    // A rule such as FREQ=MINUTELY gives thousands of occurrences on one date: stop expanding before that costs much.
    private const int MaxOccurrences = 10 * MaxDates;

    /// <summary>The closure dates of <paramref name="ics"/> from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    /// <param name="zone">The post's zone, in which a timed event's start gives its date.</param>
    /// <exception cref="InvalidDataException">Too large, malformed, or too many dates; the message says which.</exception>
    public static IReadOnlySet<DateOnly> Read(string ics, TimeZoneInfo zone, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(ics);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        if (ics.Length > MaxBytes || Encoding.UTF8.GetByteCount(ics) > MaxBytes)
        {
            throw new InvalidDataException($"The iCalendar file is larger than {MaxBytes / 1024 / 1024} MiB.");
        }

        Calendar calendar;
        try
        {
            calendar = Calendar.Load(ics) ?? throw new InvalidDataException("The file is not an iCalendar file: it has no VCALENDAR.");
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            // The library's exception types (and messages quoting the file) are not ours to pass on.
            throw new InvalidDataException("The iCalendar file is malformed and could not be read.", e);
        }

        var dates = new HashSet<DateOnly>();
        try
        {
            foreach (var calendarEvent in calendar.Events)
            {
                AddDates(calendarEvent, zone, from, to, dates);
            }
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException("The iCalendar file has an event that could not be read (its dates or rule are malformed).", e);
        }

        return dates;
    }

    private static void AddDates(CalendarEvent calendarEvent, TimeZoneInfo zone, DateOnly from, DateOnly to, HashSet<DateOnly> dates)
    {
        if (calendarEvent.DtStart is null)
        {
            throw new InvalidDataException("The iCalendar file has an event without DTSTART.");
        }

        // A day earlier than the range, so that a timed event late in the evening UTC still counts for its local date.
        var searchFrom = new CalDateTime(from.AddDays(-1).ToDateTime(TimeOnly.MinValue), CalDateTime.UtcTzId);
        var searchTo = new CalDateTime(to.AddDays(2).ToDateTime(TimeOnly.MinValue), CalDateTime.UtcTzId);
        var seen = 0;
        foreach (var occurrence in calendarEvent.GetOccurrences(searchFrom).TakeWhileBefore(searchTo))
        {
            if (++seen > MaxOccurrences)
            {
                throw new InvalidDataException($"The iCalendar file gives more than {MaxOccurrences} occurrences in the range; at most {MaxDates} closure dates are allowed.");
            }

            var start = occurrence.Period.StartTime;
            if (start.HasTime)
            {
                Add(LocalDate(start, zone), from, to, dates);
                continue;
            }

            // All-day: every date from the start up to the end, the end excluded (RFC 5545); no end means one day.
            var end = occurrence.Period.EffectiveEndTime is { } e && e.Date > start.Date ? e.Date : start.Date.AddDays(1);
            for (var day = start.Date; day < end && day <= to; day = day.AddDays(1))
            {
                Add(day, from, to, dates);
            }
        }
    }

    // A floating time (no TZID, no Z) is the post's own wall clock; any other is an instant, dated in the post's zone.
    private static DateOnly LocalDate(CalDateTime start, TimeZoneInfo zone) =>
        start.IsFloating
            ? start.Date
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start.AsUtc, zone));

    private static void Add(DateOnly day, DateOnly from, DateOnly to, HashSet<DateOnly> dates)
    {
        if (day >= from && day <= to && dates.Add(day) && dates.Count > MaxDates)
        {
            throw new InvalidDataException($"The iCalendar file gives more than {MaxDates} closure dates in the range.");
        }
    }
}
