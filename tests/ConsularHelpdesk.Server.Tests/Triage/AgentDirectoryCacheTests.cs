using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>An agent is kept in memory for AgentDirectory:CacheFor: a change of rights made elsewhere takes that long, not longer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AgentDirectoryCacheTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_change_of_rights_made_elsewhere_applies_once_the_cache_delay_has_passed()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s => s.AddSingleton<TimeProvider>(_clock.Time));
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.GetAsync("api/triage/posts/dakar/conversations")).StatusCode.Should().Be(HttpStatusCode.OK);

        // An administrator on another instance moves the agent to Kinshasa (this instance is not told).
        await helpdesk.Table(n => n.Agents).UpdateEntityAsync(new TableEntity("agent", "dakar-agent") { ["Posts"] = "kinshasa" }, Azure.ETag.All, TableUpdateMode.Merge);
        using var within = await agent.GetAsync("api/triage/posts/dakar/conversations");
        _clock.Jump(TimeSpan.FromSeconds(31));
        using var after = await agent.GetAsync("api/triage/posts/dakar/conversations");

        within.StatusCode.Should().Be(HttpStatusCode.OK, "within 30 seconds the instance still uses what it read");
        after.StatusCode.Should().Be(HttpStatusCode.Forbidden, "after 30 seconds it reads the agent again");
    }
}
