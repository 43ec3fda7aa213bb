namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Whether a post is open at an instant, and when it opens next: its week in its own time zone (daylight saving
/// included), closed on the host country's public holidays and on its own closure days. Pure functions of the
/// instant, so callers pass <see cref="TimeProvider.GetUtcNow"/> and tests any instant they like. The closure days an
/// administrator stored (<see cref="StoredClosures"/>) count as they were last read: call <see cref="RefreshAsync"/>
/// first where a change made on another instance must count within half a minute.
/// </summary>
internal sealed class OfficeHours(OfficeHoursCalendar calendar, HostCountryHolidays holidays, StoredClosures? stored = null)
{
    /// <summary>How far <see cref="NextOpening"/> looks ahead before it answers "never".</summary>
    internal static readonly int SearchDays = 60;

    /// <summary>Reads the stored closure days again when they were last checked more than half a minute ago (one query; none otherwise).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => stored?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;

    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public bool IsOpen(string postId, DateTimeOffset instant)
    {
        stored?.RefreshIfStale();
        var hours = calendar.For(postId);
        var local = TimeZoneInfo.ConvertTime(instant, hours.TimeZone);
        var date = DateOnly.FromDateTime(local.DateTime);
        return !IsClosedDay(postId, hours, date) && hours.SlotsOn(date.DayOfWeek).Any(s => s.Contains(local.TimeOfDay));
    }

    /// <summary>
    /// The instant the post opens next (as UTC), <paramref name="instant"/> itself when it is open then, or null when
    /// it does not open within <see cref="SearchDays"/> days.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public DateTimeOffset? NextOpening(string postId, DateTimeOffset instant)
    {
        if (IsOpen(postId, instant))
        {
            return instant.ToUniversalTime();
        }

        var hours = calendar.For(postId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, hours.TimeZone).DateTime);
        for (var day = today; day <= today.AddDays(SearchDays); day = day.AddDays(1))
        {
            if (IsClosedDay(postId, hours, day))
            {
                continue;
            }

            foreach (var slot in hours.SlotsOn(day.DayOfWeek))
            {
                var opening = ToInstant(day.ToDateTime(TimeOnly.MinValue) + slot.From, hours.TimeZone);
                if (opening > instant)
                {
                    return opening;
                }
            }
        }

        return null;
    }

    private bool IsClosedDay(string postId, PostHours hours, DateOnly date) =>
        hours.Closures.Contains(date) || stored?.IsClosed(postId, date) == true || (hours.PublicHolidays && holidays.IsHoliday(hours.Country, date));

    // A wall-clock time in the zone as UTC. A time the clocks skip (02:30 on the night summer time starts) opens at
    // the first minute that exists after it; a time that occurs twice opens at the first occurrence.
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
