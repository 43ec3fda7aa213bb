using Azure.Data.Tables;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Server.Demo;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Targets;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Targets;

/// <summary>
/// The daily alert to supervisors through the real self-host on Azurite, on a running fake clock set to noon UTC: the
/// demo roster covers every night with the central desk; a hole in it tomorrow night leaves the posts closed then
/// without cover, and each such post's supervisors (the administrators for a post without one) are told once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoverGapAlertsTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_gap_tomorrow_night_tells_the_posts_supervisor_once_even_with_two_runs_at_once_and_a_second_run()
    {
        var (holeFrom, holeTo) = TomorrowNight();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        await LeaveUncoveredAsync(helpdesk, holeFrom, holeTo);

        var racing = await Task.WhenAll(Alerts(helpdesk).SendAsync(CancellationToken.None), Alerts(helpdesk).SendAsync(CancellationToken.None));
        var again = await Alerts(helpdesk).SendAsync(CancellationToken.None);

        racing.Sum().Should().BePositive();
        again.Should().Be(0, "every gap was told already");
        var rows = await helpdesk.AlertRowsAsync("dakar-supervisor");
        rows.Should().ContainSingle();
        (rows[0].GetString("PostId"), rows[0].GetString("Reason"), rows[0].GetString("RecipientRole"), rows[0].GetString("ConversationId"))
            .Should().Be(("dakar", "coverGap", "supervisor", ""));
        using var supervisor = await helpdesk.SignInAsync("dakar-supervisor");
        var alert = (await supervisor.AlertsAsync())["items"]!.AsArray().Single()!;
        (alert["postId"]!.GetValue<string>(), alert["reason"]!.GetValue<string>(), alert["link"]!.GetValue<string>()).Should().Be(("dakar", "coverGap", "/"));
    }

    [Fact]
    public async Task A_post_without_a_supervisor_has_its_gap_told_to_the_administrators_and_not_a_supervised_posts()
    {
        var (holeFrom, holeTo) = TomorrowNight();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        await LeaveUncoveredAsync(helpdesk, holeFrom, holeTo);

        await Alerts(helpdesk).SendAsync(CancellationToken.None);

        var admin = await helpdesk.AlertRowsAsync("admin");
        admin.Should().Contain(r => r.GetString("PostId") == "lisbon" && r.GetString("RecipientRole") == "admin", "Lisbon has no supervisor");
        admin.Should().NotContain(r => r.GetString("PostId") == "dakar", "Dakar's supervisor is told");
        (await helpdesk.AlertRowsAsync("africa-supervisor")).Select(r => r.GetString("PostId")).Should().Contain("kinshasa");
    }

    [Fact]
    public async Task A_fully_covered_roster_tells_no_one()
    {
        JumpToNoon();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");

        var sent = await Alerts(helpdesk).SendAsync(CancellationToken.None);

        sent.Should().Be(0, "the demo roster's central desk covers every night");
        (await helpdesk.AlertRowsAsync("dakar-supervisor")).Should().BeEmpty();
        (await helpdesk.AlertRowsAsync("admin")).Should().BeEmpty();
    }

    private static CoverGapAlerts Alerts(HelpdeskInstance helpdesk) => helpdesk.Services.GetRequiredService<CoverGapAlerts>();

    /// <summary>Moves the clock to the next noon UTC and returns 01:00 to 03:00 UTC the night after: within the next 24 hours, when Dakar and Lisbon are closed.</summary>
    private (DateTimeOffset From, DateTimeOffset To) TomorrowNight()
    {
        var from = JumpToNoon().AddHours(13);
        return (from, from.AddHours(2));
    }

    private DateTimeOffset JumpToNoon()
    {
        var now = _clock.GetUtcNow();
        var noon = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(12), TimeSpan.Zero);
        _clock.Jump(noon - now);
        return noon;
    }

    /// <summary>Replaces the demo night duty's week-long central shifts with two that leave [from, to) uncovered.</summary>
    private static async Task LeaveUncoveredAsync(HelpdeskInstance helpdesk, DateTimeOffset from, DateTimeOffset to)
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
