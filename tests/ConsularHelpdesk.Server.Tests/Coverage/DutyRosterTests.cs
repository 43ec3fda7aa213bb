using Azure.Core.Pipeline;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Coverage;

/// <summary>What reading the roster costs on Azurite: the weeks come from memory while its marker has not moved.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DutyRosterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Who_covers_a_post_costs_one_marker_read_while_the_roster_is_unchanged_and_a_change_is_seen_at_once()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var roster = helpdesk.Services.GetRequiredService<DutyRoster>();
        var cover = helpdesk.Services.GetRequiredService<DutyCover>();
        var at = DateTimeOffset.UtcNow.AddDays(3);
        await roster.AddAsync(new RosterShift(RosterKeys.NewId(at.AddHours(-1)), "night-a", "Night A", "bangkok", at.UtcDateTime, at.UtcDateTime, at.AddHours(-1), at.AddHours(1), null), "test", CancellationToken.None);
        (await cover.CoverAsync("bangkok", at, CancellationToken.None)).Select(c => c.AgentId).Should().Equal("night-a");

        calls.Clear();
        var again = await cover.CoverAsync("bangkok", at, CancellationToken.None);
        var quiet = calls.TableCalls.ToList();
        await roster.AddAsync(new RosterShift(RosterKeys.NewId(at.AddHours(-2)), "night-b", "Night B", "hub-southeast-asia", at.UtcDateTime, at.UtcDateTime, at.AddHours(-2), at.AddHours(2), null), "test", CancellationToken.None);
        var changed = await cover.CoverAsync("bangkok", at, CancellationToken.None);

        again.Select(c => c.AgentId).Should().Equal("night-a");
        quiet.Should().ContainSingle("the marker, nothing else").Which.Should().Contain("PartitionKey='marker'");
        changed.Select(c => (c.AgentId, c.Role)).Should().Equal(("night-a", CoverRoles.PostDuty), ("night-b", CoverRoles.RegionalHub));
    }
}
