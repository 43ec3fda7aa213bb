using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>The self-host tells supervisors of the roster's gaps by itself, every period of its clock.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoverGapAlertServiceTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task The_self_host_tells_the_supervisor_of_tomorrow_nights_gap_at_its_next_period()
    {
        var (holeFrom, holeTo) = _clock.TomorrowNight();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?> { ["CoverGapAlerts:Period"] = "00:01:00" });
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        await helpdesk.LeaveUncoveredAsync(holeFrom, holeTo);

        _clock.Jump(TimeSpan.FromMinutes(1));

        var rows = await HelpdeskInstance.EventuallyAsync(() => helpdesk.AlertRowsAsync("dakar-supervisor"), r => r.Count > 0);
        rows.Should().ContainSingle().Which.GetString("Reason").Should().Be("coverGap");
    }
}
