using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The audit screen in real Chromium on the self-host: an administrator opens a conversation, then filters the post's
/// audit by that conversation and sees their own read; an agent has no such screen.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuditScreenTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task An_administrator_filters_the_audit_by_conversation_and_sees_the_read_they_just_made()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "243810000401", "Bonjour, je suis à Kinshasa", "kinshasa");
        var agentPage = await SignedInPageAsync(helpdesk, "kinshasa-agent");
        var page = await SignedInPageAsync(helpdesk, "admin");
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, $"#c={id}").ToString());
        await page.WaitForSelectorAsync("[data-testid=message]", new() { Timeout = Patience });

        await page.ClickAsync("[data-testid=audit-open]");
        await page.FillAsync("[data-testid=audit-post]", "kinshasa");
        await page.FillAsync("[data-testid=audit-conversation]", id);
        await page.ClickAsync("[data-testid=audit-show]");

        // The page may read the thread more than once as it opens (each read is audited): every entry is the admin's
        // read of this conversation, and there is at least one.
        var rows = page.Locator("[data-testid=audit-entries] tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("read", new() { Timeout = Patience });
        var count = await rows.CountAsync();
        count.Should().BeInRange(1, 3);
        for (var i = 0; i < count; i++)
        {
            await Assertions.Expect(rows.Nth(i)).ToContainTextAsync("admin");
            await Assertions.Expect(rows.Nth(i)).ToContainTextAsync(id);
        }

        (await page.GetAttributeAsync("[data-testid=audit-csv]", "href")).Should().Contain("/audit/csv?").And.Contain($"conversation={id}");
        (await agentPage.QuerySelectorAsync("[data-testid=audit-open]")).Should().BeNull("an agent reads no audit");
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
