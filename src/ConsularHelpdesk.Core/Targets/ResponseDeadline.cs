using ConsularHelpdesk.Coverage;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// When a conversation's first answer is due: urgent, <see cref="ResponseTargetOptions.UrgentWithin"/> after the
/// citizen started waiting; normal, at the end of the post's working day (the end of that day's last opening slot, in
/// the post's zone) — the day the message came if the post was open then, else the next day it opens.
/// </summary>
internal sealed class ResponseDeadline(OfficeHours hours, OfficeHoursCalendar calendar, IOptions<ResponseTargetOptions> options)
{
    /// <summary>A post that opens on none of the next <see cref="OfficeHours.SearchDays"/> days answers within a day of the central desk's.</summary>
    private static readonly TimeSpan Fallback = TimeSpan.FromDays(1);

    public DateTimeOffset DueAt(string postId, bool urgent, DateTimeOffset since)
    {
        if (urgent)
        {
            return since + options.Value.UrgentWithin;
        }

        PostHours post;
        try
        {
            post = calendar.For(postId);
        }
        catch (KeyNotFoundException)
        {
            return since + Fallback; // a post gone from the catalogue since the conversation was routed
        }

        var opening = hours.NextOpening(postId, since);
        if (opening is not { } open)
        {
            return since + Fallback;
        }

        var local = TimeZoneInfo.ConvertTime(open, post.TimeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var slots = post.SlotsOn(day.DayOfWeek);
        var end = slots.Count > 0 ? slots[^1].To : TimeSpan.FromDays(1);
        return ToInstant(day.ToDateTime(TimeOnly.MinValue) + end, post.TimeZone);
    }

    // A wall-clock time in the zone as UTC: a time the clocks skip counts from the first minute after it, a time that
    // occurs twice at its later occurrence (the day ends when the clock has passed it).
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Min() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
