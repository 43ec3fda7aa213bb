using System.Net;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>
/// The triage page's alerts (GET /api/triage/alerts, POST alerts/{id}/read and alerts/read-all) through the self-host:
/// an agent sees only their own, a notification recorded twice shows once, and bad or cross-site requests are refused
/// with a problem, never a 500.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AlertsApiTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task An_agent_sees_their_unread_alerts_newest_first_marks_one_read_then_all()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var notifier = helpdesk.Services.GetRequiredService<INotifier>();
        var now = _clock.GetUtcNow();
        (await notifier.SendAsync(Breach("dakar-agent", "c1", now.AddMinutes(-3)), CancellationToken.None)).Should().BeTrue();
        (await notifier.SendAsync(Breach("dakar-agent", "c2", now.AddMinutes(-2)), CancellationToken.None)).Should().BeTrue();
        (await notifier.SendAsync(Breach("dakar-agent", "c2", now.AddMinutes(-1)), CancellationToken.None)).Should().BeFalse("the same breach, level and person: recorded already");
        (await notifier.SendAsync(Breach("lisbon-agent", "c3", now), CancellationToken.None)).Should().BeTrue();
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var first = await agent.AlertsAsync();
        using var readOne = await agent.PostAsync($"api/triage/alerts/{first["items"]![1]!["id"]!.GetValue<string>()}/read", null);
        var afterOne = await agent.AlertsAsync();
        using var readAll = await agent.PostAsync("api/triage/alerts/read-all", null);
        var afterAll = await agent.AlertsAsync();

        first["unread"]!.GetValue<int>().Should().Be(2);
        first["items"]!.AsArray().Select(i => i!["conversationId"]!.GetValue<string>()).Should().Equal("c2", "c1");
        first["items"]![0]!["link"]!.GetValue<string>().Should().Be("/#c=c2");
        readOne.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterOne["unread"]!.GetValue<int>().Should().Be(1);
        afterOne["items"]![1]!["read"]!.GetValue<bool>().Should().BeTrue();
        readAll.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterAll["unread"]!.GetValue<int>().Should().Be(0);
        afterAll["items"]!.AsArray().Should().HaveCount(2, "another agent's alerts are never shown");
    }

    [Theory]
    [InlineData("n-0000000000000000001-ffff")]
    [InlineData("id-abc")]
    [InlineData("m-read")]
    [InlineData("n-ZZ")]
    public async Task Marking_read_an_alert_the_agent_does_not_have_answers_a_404_problem(string id)
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.PostAsync($"api/triage/alerts/{id}/read", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Marking_alerts_read_from_another_site_is_refused()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.Services.GetRequiredService<INotifier>().SendAsync(Breach("dakar-agent", "c1", _clock.GetUtcNow()), CancellationToken.None);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/triage/alerts/read-all");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await agent.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.AlertsAsync())["unread"]!.GetValue<int>().Should().Be(1);
    }

    private static Notification Breach(string agentId, string conversationId, DateTimeOffset at) =>
        new(agentId, "postDuty", "dakar", conversationId, "638000000000000000", NotificationReasons.Breached, 1, at);
}
