using Azure.Data.Tables;
using ConsularHelpdesk.Coverage;
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
        var (holeFrom, holeTo) = _clock.TomorrowNight();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        await helpdesk.LeaveUncoveredAsync(holeFrom, holeTo);

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
        var (holeFrom, holeTo) = _clock.TomorrowNight();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        await helpdesk.LeaveUncoveredAsync(holeFrom, holeTo);

        await Alerts(helpdesk).SendAsync(CancellationToken.None);

        var admin = await helpdesk.AlertRowsAsync("admin");
        admin.Should().Contain(r => r.GetString("PostId") == "lisbon" && r.GetString("RecipientRole") == "admin", "Lisbon has no supervisor");
        admin.Should().NotContain(r => r.GetString("PostId") == "dakar", "Dakar's supervisor is told");
        (await helpdesk.AlertRowsAsync("africa-supervisor")).Select(r => r.GetString("PostId")).Should().Contain("kinshasa");
    }

    [Fact]
    public async Task A_fully_covered_roster_tells_no_one()
    {
        _clock.JumpToNoon();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");

        var sent = await Alerts(helpdesk).SendAsync(CancellationToken.None);

        sent.Should().Be(0, "the demo roster's central desk covers every night");
        (await helpdesk.AlertRowsAsync("dakar-supervisor")).Should().BeEmpty();
        (await helpdesk.AlertRowsAsync("admin")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_gap_under_way_for_more_than_a_week_is_told_once_for_the_week_not_every_day()
    {
        // Tuesday noon UTC: its look-back and Wednesday's both start on the Monday eight days before; next Tuesday's a week later.
        var now = _clock.GetUtcNow();
        var tuesday = new DateTimeOffset(now.UtcDateTime.Date.AddDays(((int)DayOfWeek.Tuesday - (int)now.DayOfWeek + 7) % 7 + 7).AddHours(12), TimeSpan.Zero);
        _clock.Jump(tuesday - now);
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        await helpdesk.ClearRosterAsync();

        // Dakar (UTC+0) closed from twelve days ago to ten days ahead, and nobody on the roster: one gap, begun before any look-back.
        var today = DateOnly.FromDateTime(tuesday.UtcDateTime);
        var days = Enumerable.Range(-12, 23).Select(today.AddDays);
        await helpdesk.Services.GetRequiredService<ClosureStore>().ImportAsync("dakar", days, "Closed for works", "test", CancellationToken.None);
        await helpdesk.Services.GetRequiredService<StoredClosures>().RefreshAsync(CancellationToken.None, force: true);

        await Alerts(helpdesk).SendAsync(CancellationToken.None);
        (await DakarAlertsAsync(helpdesk)).Should().Be(1);

        _clock.Jump(TimeSpan.FromDays(1));
        await Alerts(helpdesk).SendAsync(CancellationToken.None);
        (await DakarAlertsAsync(helpdesk)).Should().Be(1, "Wednesday's check meets the same gap, from the same Monday");

        _clock.Jump(TimeSpan.FromDays(6));
        await Alerts(helpdesk).SendAsync(CancellationToken.None);
        (await DakarAlertsAsync(helpdesk)).Should().Be(2, "a gap still under way a week later is recalled once");
    }

    private static async Task<int> DakarAlertsAsync(HelpdeskInstance helpdesk) =>
        (await helpdesk.AlertRowsAsync("dakar-supervisor")).Count(r => r.GetString("PostId") == "dakar" && r.GetString("Reason") == "coverGap");

    private static CoverGapAlerts Alerts(HelpdeskInstance helpdesk) => helpdesk.Services.GetRequiredService<CoverGapAlerts>();
}
