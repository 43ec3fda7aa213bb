using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Targets;

/// <summary>
/// A response target follows the conversation's post: a citizen who does not say where they are waits at the central
/// desk (open around the clock, its day ends at midnight in Brussels); once their answer routes the conversation to a
/// post, the first answer is due by the end of that post's working day.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponseTargetRoutingTests(AzuriteFixture azurite) : IAsyncDisposable
{
    /// <summary>Sunday 6 December 2026, 03:00 in Bangkok (Saturday 20:00 UTC): the post is closed, and Monday 7 December is one of its closure days.</summary>
    private static readonly DateTimeOffset SundayNightInBangkok = new(2026, 12, 5, 20, 0, 0, TimeSpan.Zero);

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_conversation_the_intake_answer_routes_to_a_post_is_due_by_the_end_of_that_posts_next_working_day()
    {
        _clock.Jump(SundayNightInBangkok - _clock.GetUtcNow());
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await TextAsync(helpdesk, "7600000000000001", "Hello, I need help", 0);
        var atCentral = Header(await helpdesk.ConversationRowsAsync());

        await TextAsync(helpdesk, "7600000000000001", "I am in Bangkok", 5);

        var routed = Header(await helpdesk.ConversationRowsAsync());
        atCentral.GetString("PostId").Should().Be("central", "nothing told where the citizen is");
        routed.GetString("PostId").Should().Be("bangkok");
        routed.GetDateTimeOffset("DueAt").Should().Be(
            new DateTimeOffset(2026, 12, 8, 17, 0, 0, TimeSpan.FromHours(7)), "Monday 7 December is a closure day: Bangkok's next working day ends on Tuesday at 17:00");
        routed.GetDateTimeOffset("WaitingSince").Should().Be(atCentral.GetDateTimeOffset("WaitingSince"), "the citizen has waited since their first message");
        (await helpdesk.DeadlineRowsAsync()).Should().ContainSingle("the central desk's row is gone").Which.GetString("ConversationId").Should().Be(routed.PartitionKey);
    }

    private static TableEntity Header(List<TableEntity> rows) => rows.Single(r => r.RowKey == "thread");

    private async Task TextAsync(HelpdeskInstance helpdesk, string psid, string text, int seconds)
    {
        var body = CitizenPayloads.Messenger(psid, _clock.GetUtcNow().AddSeconds(seconds), CitizenPayloads.MessengerText(text));
        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the message is processed");
    }
}
