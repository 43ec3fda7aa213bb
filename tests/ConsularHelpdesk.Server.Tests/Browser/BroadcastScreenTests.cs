using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The broadcast form and its progress table in a crisis's screen, in real Chromium on the self-host: an administrator
/// sends the crisis message to the citizens of the area, watches the counts reach the end, and finds the message in a
/// citizen's thread with its badge.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BroadcastScreenTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 60_000;

    [Fact]
    public async Task An_administrator_broadcasts_the_crisis_message_sees_the_counts_and_the_badge_in_a_thread()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var crisis = await CrisisArea.OpenCrisisAsync(helpdesk);
        var now = DateTimeOffset.UtcNow;
        await CrisisArea.SeedAsync(helpdesk, [
            CrisisArea.Citizen(1, ChannelKind.WhatsApp, now.AddHours(-1), "nl"),
            CrisisArea.Citizen(2, ChannelKind.Messenger, now.AddHours(-2), "fr"),
            CrisisArea.Citizen(3, ChannelKind.Messenger, now.AddDays(-2.5), "de"), // past 24 hours: the HUMAN_AGENT tag
            CrisisArea.Citizen(4, ChannelKind.WhatsApp, now.AddDays(-2), "de"), // no template configured: not reachable
        ]);
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync(); // "send to every citizen of the area?"
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-admin]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });

        await page.ClickAsync("[data-testid=crises-open]");
        await page.ClickAsync($"[data-testid=crisis-row][data-id='{crisis.Id}'] [data-testid=crisis-show]");
        await Assertions.Expect(page.Locator("[data-testid=broadcast-send]")).ToBeVisibleAsync(new() { Timeout = Patience });
        await page.FillAsync("[data-testid=broadcast-days]", "3");
        await page.ClickAsync("[data-testid=broadcast-send]");

        var row = page.Locator("[data-testid=broadcast-row]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-phase", "done", new() { Timeout = Patience });
        await Assertions.Expect(row.Locator("[data-testid=broadcast-count-sent]")).ToHaveTextAsync("3", new() { Timeout = Patience });
        await Assertions.Expect(row.Locator("[data-testid=broadcast-count-notReachable]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-testid=broadcast-recipients]")).ToHaveTextAsync("4");
        helpdesk.Graph.Received.Should().HaveCount(3);

        await page.GotoAsync(new Uri(helpdesk.BaseAddress, $"#c={CrisisArea.Citizen(1, ChannelKind.WhatsApp, now, "nl").ConversationId}").ToString());
        var badge = page.Locator("[data-testid=message][data-direction=out] [data-testid=broadcast-badge]");
        await Assertions.Expect(badge).ToHaveTextAsync("Crisis broadcast", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=message][data-direction=out]")).ToContainTextAsync("Overstromingen: blijf binnen.");
    }
}
