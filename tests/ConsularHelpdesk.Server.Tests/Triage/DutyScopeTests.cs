using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>
/// The duty list (<c>GET /api/triage/conversations?scope=duty</c>) through the self-host on Azurite, its clock set to a
/// night of the post: a closed post's conversation is in the list of the officer rostered on it, and back in the post's
/// own list only once the post opens.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DutyScopeTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_message_to_a_closed_post_is_in_its_duty_officers_list_until_the_post_opens()
    {
        var (closed, opens) = RosterRequests.ClosedThenOpen("bangkok");
        _clock.Jump(closed - _clock.GetUtcNow());
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s => s.AddSingleton<TimeProvider>(_clock.Time));
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("bangkok-night", "Night officer (Bangkok)", "dutyOfficer", ["bangkok"])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PutAgentAsync("riyadh-night", "Night officer (Riyadh)", "dutyOfficer", ["riyadh"])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.AddShiftAsync("bangkok-night", "bangkok", helpdesk.Local("bangkok", closed.AddHours(-1)), helpdesk.Local("bangkok", opens.AddHours(2)))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.AddShiftAsync("riyadh-night", "riyadh", helpdesk.Local("riyadh", closed.AddHours(-1)), helpdesk.Local("riyadh", opens.AddHours(2)))).StatusCode.Should().Be(HttpStatusCode.Created);
        var conversation = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7660000000000001", "I am in Bangkok and lost my passport", "bangkok");

        using var night = await helpdesk.SignInAsync("bangkok-night");
        using var other = await helpdesk.SignInAsync("riyadh-night");
        var atNight = await IdsAsync(night, "api/triage/conversations?scope=duty");
        var otherAtNight = await IdsAsync(other, "api/triage/conversations?scope=duty");
        (await night.ChangeAsync(conversation, "assign")).StatusCode.Should().Be(HttpStatusCode.OK, "the duty officer takes it");

        _clock.Jump(opens.AddMinutes(1) - _clock.GetUtcNow());
        using var morning = await helpdesk.SignInAsync("bangkok-night");
        var afterOpening = await IdsAsync(morning, "api/triage/conversations?scope=duty");
        var postList = await IdsAsync(morning, "api/triage/posts/bangkok/conversations");

        atNight.Should().Equal(conversation);
        otherAtNight.Should().NotContain(conversation, "Riyadh's officer does not cover Bangkok");
        afterOpening.Should().BeEmpty("the post is open: its conversations are its own again, the shift still running");
        postList.Should().Equal(conversation);
    }

    [Fact]
    public async Task An_officer_with_no_shift_now_has_an_empty_duty_list()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7660000000000002", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("central-duty");

        (await IdsAsync(agent, "api/triage/conversations?scope=duty")).Should().BeEmpty("central-duty is on no shift of the roster");
    }

    private static async Task<List<string>> IdsAsync(HttpClient agent, string url) =>
        [.. (await agent.GetFromJsonAsync<JsonObject>(url))!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
}
