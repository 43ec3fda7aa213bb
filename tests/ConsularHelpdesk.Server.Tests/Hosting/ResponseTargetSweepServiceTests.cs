using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>The self-host keeps the response targets by itself, every period of its clock.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponseTargetSweepServiceTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task The_self_host_tells_the_duty_officer_of_a_breach_at_its_next_period()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?> { ["ResponseTargets:Period"] = "00:01:00" });
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar");
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7500000000000101", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "urgent" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);

        _clock.Jump(TimeSpan.FromMinutes(16));

        var alerts = await HelpdeskInstance.EventuallyAsync(agent.AlertsAsync, a => a["unread"]!.GetValue<int>() > 0);
        alerts["unread"]!.GetValue<int>().Should().Be(1);
        alerts["items"]![0]!["conversationId"]!.GetValue<string>().Should().Be(id);
    }
}
