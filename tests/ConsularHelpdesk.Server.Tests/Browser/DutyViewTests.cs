using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The duty officer's view in real Chromium, on the self-host whose clock is set to a night of Bangkok: a new urgent
/// message to the closed post is at the top of the officer's duty list with the post, "closed" and the target flag, the
/// "on duty now" panel names them, and the answer reaches the citizen — at desktop size and on a phone.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DutyViewTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncDisposable
{
    private const float Patience = 20_000;

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Theory]
    [InlineData(false, "7661000000000001", "7661000000000002")]
    [InlineData(true, "7661000000000003", "7661000000000004")]
    public async Task A_duty_officer_at_night_sees_a_new_urgent_message_of_a_closed_post_first_flagged_and_answers_it(bool phone, string earlierSender, string sender)
    {
        var (closed, _) = RosterRequests.ClosedThenOpen("bangkok");
        _clock.Jump(closed - _clock.GetUtcNow());
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("bangkok-night", "Night officer (Bangkok)", "dutyOfficer", ["bangkok"])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.AddShiftAsync("bangkok-night", "bangkok", helpdesk.Local("bangkok", closed.AddHours(-1)), helpdesk.Local("bangkok", closed.AddHours(3)))).StatusCode.Should().Be(HttpStatusCode.Created);
        var earlier = await ConversationAsync(helpdesk, earlierSender, "Bonjour, je suis à Bangkok, une question sur un visa");
        var urgent = await ConversationAsync(helpdesk, sender, "I was robbed in Bangkok, my passport is gone");
        (await admin.ChangeAsync(urgent, "tags", new { tags = new[] { "urgent" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        _clock.Jump(TimeSpan.FromMinutes(11));
        (await helpdesk.Sweeper().SweepAsync(CancellationToken.None)).Flagged.Should().BeGreaterThanOrEqualTo(1, "four minutes are left of the urgent target");

        var context = phone
            ? await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 3, Locale = "en-GB" })
            : await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-bangkok-night]");

        var first = page.Locator("[data-testid=conversation-item]").First;
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]")).ToHaveCountAsync(2, new() { Timeout = Patience });
        await Assertions.Expect(first).ToHaveAttributeAsync("data-id", urgent);
        await Assertions.Expect(first.Locator("[data-testid=conversation-post]")).ToHaveTextAsync("Bangkok");
        await Assertions.Expect(first.Locator("[data-testid=conversation-post-status]")).ToHaveAttributeAsync("data-open", "false", new() { Timeout = Patience });
        await Assertions.Expect(first.Locator("[data-testid=conversation-post-status]")).ToContainTextAsync("closed");
        await Assertions.Expect(first.Locator("[data-testid=conversation-target]")).ToHaveAttributeAsync("data-target", "near");
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]").Nth(1)).ToHaveAttributeAsync("data-id", earlier);
        await Assertions.Expect(page.Locator("[data-testid=duty-panel-person]").First).ToContainTextAsync("Night officer (Bangkok)", new() { Timeout = Patience });
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(phone ? 390 : 1280, "nothing scrolls sideways");

        if (phone)
        {
            await first.TapAsync();
        }
        else
        {
            await first.ClickAsync();
        }

        await page.Locator("[data-testid=message][data-direction=in]").Filter(new() { HasText = "my passport is gone" }).WaitForAsync(new() { Timeout = Patience });
        await page.FillAsync("[data-testid=composer-text]", "We are on it: call +66 2 309 5200 now.");
        await page.ClickAsync("[data-testid=send]");
        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Any(IsTheAnswer));

        // Only the officer's answer: automatic messages (an acknowledgement) may reach the citizen too.
        sent.Where(IsTheAnswer).Should().ContainSingle().Which.Body!["recipient"]!["id"]!.GetValue<string>().Should().Be(sender);
        await Assertions.Expect(page.Locator("[data-testid=message][data-direction=out]").Filter(new() { HasText = "We are on it" })).ToHaveCountAsync(1, new() { Timeout = Patience });
    }

    [Fact]
    public async Task A_breach_alert_shows_in_the_counter_and_sounds_and_notifies_only_after_the_agents_consent()
    {
        var (_, opens) = RosterRequests.ClosedThenOpen("bangkok");
        _clock.Jump(opens.AddHours(-3) - _clock.GetUtcNow());
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("bangkok-night", "Night officer (Bangkok)", "dutyOfficer", ["bangkok"])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.AddShiftAsync("bangkok-night", "bangkok", helpdesk.Local("bangkok", _clock.GetUtcNow().AddHours(-1)), helpdesk.Local("bangkok", opens))).StatusCode.Should().Be(HttpStatusCode.Created);
        await BreachAsync(helpdesk, admin, "7661000000000011");

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        // Records what the page would sound and show, and grants permission when asked, as the agent would.
        await context.AddInitScriptAsync("""
            window.__notified = [];
            window.__tones = 0;
            window.Notification = class {
              static permission = "default";
              static async requestPermission() { window.Notification.permission = "granted"; return "granted"; }
              constructor(title, options) { window.__notified.push(title + " | " + options.body); }
              addEventListener() {}
            };
            window.AudioContext = class {
              currentTime = 0; destination = {};
              async resume() {}
              createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect(x) { return x; } }; }
              createOscillator() { return { frequency: {}, connect(x) { return x; }, start() { window.__tones++; }, stop() {} }; }
            };
            """);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-bangkok-night]");
        var count = page.Locator("[data-testid=alerts-count]");
        await Assertions.Expect(count).ToHaveTextAsync("1", new() { Timeout = Patience });

        await BreachAsync(helpdesk, admin, "7661000000000012");
        await Assertions.Expect(count).ToHaveTextAsync("2", new() { Timeout = Patience });
        (await page.EvaluateAsync<int>("() => window.__notified.length + window.__tones")).Should().Be(0, "the agent has not consented");

        await page.ClickAsync("[data-testid=alerts-open]");
        await Assertions.Expect(page.Locator("[data-testid=alert]")).ToHaveCountAsync(2, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=alert]").First).ToContainTextAsync("Bangkok");
        await Assertions.Expect(page.Locator("[data-testid=alert]").First).ToContainTextAsync("Not answered in time (level 1)");
        await page.ClickAsync("[data-testid=alerts-consent]");
        await Assertions.Expect(page.Locator("[data-testid=alerts-consent]")).ToBeDisabledAsync();
        await BreachAsync(helpdesk, admin, "7661000000000013");
        await page.WaitForFunctionAsync("() => window.__notified.length === 1", null, new() { Timeout = Patience });

        var notified = await page.EvaluateAsync<string[]>("() => window.__notified");
        notified.Should().ContainSingle().Which.Should().Contain("Bangkok").And.NotContain("7661000000000013", "no personal data in a notification");
        (await page.EvaluateAsync<int>("() => window.__tones")).Should().Be(1);
        await Assertions.Expect(count).ToHaveTextAsync("3", new() { Timeout = Patience });
        await page.ClickAsync("[data-testid=alerts-read-all]");
        await Assertions.Expect(count).ToBeHiddenAsync(new() { Timeout = Patience });
        (await helpdesk.AlertRowsAsync("bangkok-night")).Should().HaveCount(3);
    }

    /// <summary>An urgent message to Bangkok left unanswered past its 15 minutes: the sweep tells the post's duty officer.</summary>
    private async Task BreachAsync(HelpdeskInstance helpdesk, HttpClient admin, string sender)
    {
        var id = await ConversationAsync(helpdesk, sender, "Help, I am in Bangkok");
        (await admin.ChangeAsync(id, "tags", new { tags = new[] { "urgent" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
    }

    private static bool IsTheAnswer(GraphRequest request) =>
        request.Body?["message"]?["text"]?.GetValue<string>() == "We are on it: call +66 2 309 5200 now.";

    /// <summary>A citizen writes to Bangkok at the app's (night) time; the conversation's id once routing has placed it.</summary>
    private async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string sender, string text)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(sender, _clock.GetUtcNow(), CitizenPayloads.MessengerText(text)))).StatusCode.Should().Be(HttpStatusCode.OK);
        var contactKey = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.Messenger, sender);
        var rows = await HelpdeskInstance.EventuallyAsync(
            helpdesk.ConversationRowsAsync,
            r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == "bangkok" && h.GetString("ContactKey") == contactKey));
        return rows.First(h => h.RowKey == "thread" && h.GetString("PostId") == "bangkok" && h.GetString("ContactKey") == contactKey).PartitionKey;
    }
}
