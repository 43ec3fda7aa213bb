using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The legal hold in real Chromium on the self-host: a supervisor of the post gives a reason and holds a conversation,
/// the thread shows it (the list's flag: LegalHoldApiTests); an agent of the post sees it and has no control; the supervisor lifts it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LegalHoldScreenTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task A_supervisor_holds_a_conversation_from_the_thread_and_an_agent_sees_it_without_the_control()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000002401", "Bonjour, je suis à Kinshasa", "kinshasa");
        var page = await SignedInPageAsync(helpdesk, "africa-supervisor");
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, $"#c={id}").ToString());
        await page.WaitForSelectorAsync("[data-testid=legal-hold-reason]", new() { Timeout = Patience });

        await page.FillAsync("[data-testid=legal-hold-reason]", "Court case 2026/114");
        await page.ClickAsync("[data-testid=legal-hold-set]");

        await Assertions.Expect(page.Locator("[data-testid=thread-legal-hold]")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=thread-legal-hold]")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("Court case 2026/114"));

        var agentPage = await SignedInPageAsync(helpdesk, "kinshasa-agent");
        await agentPage.GotoAsync(new Uri(helpdesk.BaseAddress, $"#c={id}").ToString());
        await Assertions.Expect(agentPage.Locator("[data-testid=thread-legal-hold]")).ToBeVisibleAsync(new() { Timeout = Patience });
        (await agentPage.QuerySelectorAsync("[data-testid=legal-hold-lift]")).Should().BeNull("an agent cannot lift it");
        (await agentPage.QuerySelectorAsync("[data-testid=legal-hold-set]")).Should().BeNull();

        await page.ClickAsync("[data-testid=legal-hold-lift]");
        await Assertions.Expect(page.Locator("[data-testid=thread-legal-hold]")).ToHaveCountAsync(0, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=legal-hold-set]")).ToBeVisibleAsync(new() { Timeout = Patience });
    }

    private async Task<IPage> SignedInPageAsync(HelpdeskInstance helpdesk, string agentId)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync($"[data-testid=sign-in-{agentId}]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        return page;
    }
}
