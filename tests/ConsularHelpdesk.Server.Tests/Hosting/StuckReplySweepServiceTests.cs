using ConsularHelpdesk.Server.Tests.Infrastructure;
using static ConsularHelpdesk.Server.Tests.Infrastructure.StuckReplies;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>The self-host sweeps stuck replies by itself, every period of its clock.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StuckReplySweepServiceTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task The_self_host_queues_a_stuck_reply_again_at_its_next_period_after_the_grace()
    {
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1, grace: TimeSpan.FromMinutes(2), period: TimeSpan.FromMinutes(1));
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000101");
        using var crashed = await ReplyAsync(agent, id, "Nous vous rappelons.");
        (await StatusesAsync(helpdesk)).Should().Equal("Pending");

        _clock.Jump(TimeSpan.FromMinutes(3));

        (await HelpdeskInstance.EventuallyAsync(() => StatusesAsync(helpdesk), s => s is ["Sent"])).Should().Equal("Sent");
        helpdesk.Graph.Received.Should().ContainSingle().Which.Body!["message"]!["text"]!.GetValue<string>().Should().Be("Nous vous rappelons.");
    }
}
