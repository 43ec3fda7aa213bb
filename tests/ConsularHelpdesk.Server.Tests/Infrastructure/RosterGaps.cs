using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Server.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>A hole in the demo roster's night cover for the gap alert tests: tomorrow night, seen from noon UTC.</summary>
internal static class RosterGaps
{
    /// <summary>Moves the clock to the next noon UTC and returns 01:00 to 03:00 UTC the night after: within the next 24 hours, when Dakar and Lisbon are closed.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) TomorrowNight(this RunningClock clock)
    {
        var from = clock.JumpToNoon().AddHours(13);
        return (from, from.AddHours(2));
    }

    /// <summary>Moves the clock to the next noon UTC.</summary>
    public static DateTimeOffset JumpToNoon(this RunningClock clock)
    {
        var now = clock.GetUtcNow();
        var noon = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(12), TimeSpan.Zero);
        clock.Jump(noon - now);
        return noon;
    }

    /// <summary>Replaces the demo night duty's week-long central shifts with two that leave [from, to) uncovered.</summary>
    public static async Task LeaveUncoveredAsync(this HelpdeskInstance helpdesk, DateTimeOffset from, DateTimeOffset to)
    {
        var roster = helpdesk.Services.GetRequiredService<DutyRoster>();
        var now = helpdesk.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var shift in await roster.ShiftsAsync(now.AddDays(-8), now.AddDays(15), CancellationToken.None))
        {
            if (shift.AgentId == DemoRoster.NightDuty)
            {
                (await roster.DeleteAsync(shift.Id, CancellationToken.None)).Should().BeTrue();
            }
        }

        var central = helpdesk.Services.GetRequiredService<RosterTargets>().Find(Posts.Central)!;
        foreach (var (start, end) in new[] { (now.AddHours(-1), from), (to, to.AddDays(2)) })
        {
            var shift = new RosterShift(RosterKeys.NewId(start), DemoRoster.NightDuty, "Night duty", Posts.Central, central.ToLocal(start), central.ToLocal(end), start, end, null);
            await roster.AddAsync(shift, "test", CancellationToken.None);
        }
    }
}
