using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Targets;

/// <summary>
/// A response target follows the conversation's post: a citizen who does not say where they are waits at the central
/// desk (open around the clock, its day ends at midnight in Brussels); once their answer routes the conversation to a
/// post, the first answer is due by the end of that post's working day.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponseTargetRoutingTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private static readonly TimeSpan Bangkok = TimeSpan.FromHours(7);

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_conversation_the_intake_answer_routes_to_a_post_is_due_by_the_end_of_that_posts_next_working_day()
    {
        // Sunday 03:00 in Bangkok (Saturday 20:00 UTC): the post is closed, and the Monday after is made one of its closure days.
        var saturdayNight = JumpToSaturdayNightBeforeTwoWorkingDaysInBangkok();
        var monday = DateOnly.FromDateTime(saturdayNight.UtcDateTime).AddDays(2);
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.Services.GetRequiredService<ClosureStore>().PutAsync("bangkok", monday, "Closed for the test", "test", CancellationToken.None);
        await helpdesk.Services.GetRequiredService<StoredClosures>().RefreshAsync(CancellationToken.None, force: true);
        await TextAsync(helpdesk, "7600000000000001", "Hello, I need help", 0);
        var atCentral = Header(await helpdesk.ConversationRowsAsync());

        await TextAsync(helpdesk, "7600000000000001", "I am in Bangkok", 5);

        var routed = Header(await helpdesk.ConversationRowsAsync());
        atCentral.GetString("PostId").Should().Be("central", "nothing told where the citizen is");
        routed.GetString("PostId").Should().Be("bangkok");
        var tuesday = monday.AddDays(1);
        routed.GetDateTimeOffset("DueAt").Should().Be(
            new DateTimeOffset(tuesday.ToDateTime(new TimeOnly(17, 0)), Bangkok), "Monday is a closure day: Bangkok's next working day ends on Tuesday at 17:00");
        routed.GetDateTimeOffset("WaitingSince").Should().Be(atCentral.GetDateTimeOffset("WaitingSince"), "the citizen has waited since their first message");
        (await helpdesk.DeadlineRowsAsync()).Should().ContainSingle("the central desk's row is gone").Which.GetString("ConversationId").Should().Be(routed.PartitionKey);
    }

    /// <summary>
    /// Moves the clock to the next Saturday 20:00 UTC, a day or more ahead, whose Monday and Tuesday are working days
    /// in Bangkok by the shipped calendar (no Thai holiday, no closure day in the data).
    /// </summary>
    private DateTimeOffset JumpToSaturdayNightBeforeTwoWorkingDaysInBangkok()
    {
        var hours = new OfficeHours(OfficeHoursCalendar.LoadEmbedded(PostCatalog.LoadEmbedded()), new HostCountryHolidays());
        var now = _clock.GetUtcNow();
        var at = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(20), TimeSpan.Zero);
        while (at.DayOfWeek != DayOfWeek.Saturday || !hours.IsOpen("bangkok", at.AddHours(31)) || !hours.IsOpen("bangkok", at.AddHours(55)))
        {
            at = at.AddDays(1); // the Monday's and the Tuesday's 10:00 in Bangkok (03:00 UTC) are 31 and 55 hours on
        }

        _clock.Jump(at - now);
        return at;
    }

    private static TableEntity Header(List<TableEntity> rows) => rows.Single(r => r.RowKey == "thread");

    private async Task TextAsync(HelpdeskInstance helpdesk, string psid, string text, int seconds)
    {
        var body = CitizenPayloads.Messenger(psid, _clock.GetUtcNow().AddSeconds(seconds), CitizenPayloads.MessengerText(text));
        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the message is processed");
    }
}
