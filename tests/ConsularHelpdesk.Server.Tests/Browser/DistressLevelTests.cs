using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// In the triage page (Chromium): a citizen's distress message comes first in the post's list with its level badge, the
/// thread shows what detection found in the agent's language, and the agent lowers the level from the thread's header.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DistressLevelTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Theory]
    [InlineData("en", "Urgent", "hospital", "Elevated", "set by an agent")]
    [InlineData("nl", "Dringend", "ziekenhuis", "Verhoogd", "ingesteld door een medewerker")]
    public async Task A_distress_message_comes_first_with_its_badge_and_an_agent_lowers_it(string language, string urgent, string hospital, string elevated, string setByAgent)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000041", "Je suis à Dakar, j'ai une question sur mon passeport", "dakar");
        var distress = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000042", "Ich bin in Dakar im Krankenhaus nach einem Unfall, bitte helfen Sie", "dakar");
        // A later ordinary message: by activity alone it would come first.
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000043", "Je suis à Dakar, quels sont vos horaires ?", "dakar");

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-BE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-dakar-agent]");
        await page.SelectOptionAsync("[data-testid=language-switch]", language);
        await page.WaitForSelectorAsync("[data-testid=conversation-item] >> nth=2", new() { Timeout = Patience });

        var first = page.Locator("[data-testid=conversation-item]").First;
        (await first.GetAttributeAsync("data-id")).Should().Be(distress, "the urgent conversation comes first, though another wrote later");
        (await first.Locator("[data-testid=conversation-level]").InnerTextAsync()).Should().Be(urgent);
        (await page.Locator("[data-testid=conversation-level]").CountAsync()).Should().Be(1, "the ordinary questions have no level badge");

        await first.ClickAsync();
        var badge = await page.WaitForSelectorAsync("[data-testid=message][data-direction=in] [data-testid=distress-badge]", new() { Timeout = Patience });
        (await badge!.InnerTextAsync()).Should().Contain(hospital);
        (await page.InputValueAsync("[data-testid=level-select]")).Should().Be("urgent");
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"distress-level-{language}.png"), FullPage = true });

        await page.SelectOptionAsync("[data-testid=level-select]", "elevated");

        await page.WaitForSelectorAsync($"[data-testid=conversation-item][data-id={distress}] [data-testid=conversation-level][data-level=elevated]", new() { Timeout = Patience });
        (await page.Locator($"[data-testid=conversation-item][data-id={distress}] [data-testid=conversation-level]").InnerTextAsync()).Should().Be(elevated);
        await page.WaitForSelectorAsync($"[data-testid=level-set-by]:has-text(\"{setByAgent}\")", new() { Timeout = Patience });
        (await page.Locator("[data-testid=conversation-item]").First.GetAttributeAsync("data-id")).Should().Be(distress, "elevated still comes before the rest");
        await context.CloseAsync();
    }
}
