namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The stretches of a window in which a post is closed, UTC. <see cref="OfficeHours.IsOpen"/> can change only at a
/// local midnight or at a slot's start or end, so it is asked once at each of those instants in the window, not minute
/// by minute: a week of every post is a few thousand questions.
/// </summary>
internal sealed class ClosedTime(OfficeHoursCalendar calendar, OfficeHours hours)
{
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Between(string postId, DateTimeOffset from, DateTimeOffset to)
    {
        var post = calendar.For(postId);
        var zone = post.TimeZone;
        var changes = new SortedSet<DateTimeOffset> { from.ToUniversalTime() };
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime).AddDays(1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            Add(midnight);
            foreach (var slot in post.SlotsOn(day.DayOfWeek))
            {
                Add(midnight + slot.From);
                Add(midnight + slot.To);
            }
        }

        var closed = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var instants = changes.ToList();
        for (var i = 0; i < instants.Count; i++)
        {
            var end = i + 1 < instants.Count ? instants[i + 1] : to.ToUniversalTime();
            if (hours.IsOpen(postId, instants[i]))
            {
                continue;
            }

            if (closed.Count > 0 && closed[^1].To == instants[i])
            {
                closed[^1] = (closed[^1].From, end);
            }
            else
            {
                closed.Add((instants[i], end));
            }
        }

        return closed;

        void Add(DateTime local)
        {
            foreach (var instant in Instants(local, zone))
            {
                if (instant > from && instant < to)
                {
                    changes.Add(instant);
                }
            }
        }
    }

    // A wall-clock time as UTC: a time the clocks skip counts from the first minute that exists after it; a time that
    // occurs twice (the night summer time ends) is both instants.
    private static IEnumerable<DateTimeOffset> Instants(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
        return offsets.Select(o => new DateTimeOffset(local, o).ToUniversalTime());
    }
}
