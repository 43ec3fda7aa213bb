using System.IO.Compression;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The privacy screen in real Chromium on the self-host: an administrator finds a citizen by phone number, downloads
/// the export, then requests the erasure and confirms it alone by typing the phrase; an agent has no such screen.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivacyScreenTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task An_administrator_finds_a_citizen_by_phone_number_downloads_the_export_and_erases_them()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "32470123462", "Bom dia, estou em Lisboa, sou a tartaruga-azul", "lisbon");
        var agentPage = await SignedInPageAsync(helpdesk, "lisbon-agent");
        var page = await SignedInPageAsync(helpdesk, "admin");

        await page.ClickAsync("[data-testid=privacy-open]");
        await page.FillAsync("[data-testid=privacy-id]", "+32 470 12 34 62");
        await page.ClickAsync("[data-testid=privacy-find]");
        await Assertions.Expect(page.Locator("[data-testid=privacy-summary]")).ToContainTextAsync("1 conversation(s)", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid=privacy-summary]")).ToContainTextAsync("lisbon");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=privacy-export]"));
        var file = Path.Combine(Path.GetTempPath(), $"privacy-{Guid.NewGuid():N}.zip");
        try
        {
            await download.SaveAsAsync(file);
            download.SuggestedFilename.Should().StartWith("access-request-").And.EndWith(".zip");
            using var zip = ZipFile.OpenRead(file);
            zip.Entries.Select(e => e.FullName).Should().Contain("contact.json");
            using var messages = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith("/messages.json", StringComparison.Ordinal)).Open());
            (await messages.ReadToEndAsync()).Should().Contain("tartaruga-azul");
        }
        finally
        {
            File.Delete(file);
        }

        await page.ClickAsync("[data-testid=privacy-erase]");
        await page.FillAsync("[data-testid=privacy-phrase]", "ERASE 1");
        await page.ClickAsync("[data-testid=privacy-confirm]");

        await Assertions.Expect(page.Locator("[data-testid=privacy-erased]")).ToBeVisibleAsync(new() { Timeout = Patience });
        (await helpdesk.ConversationRowsAsync()).Should().NotContain(r => r.PartitionKey == id);
        (await agentPage.QuerySelectorAsync("[data-testid=privacy-open]")).Should().BeNull("only administrators handle access requests and erasures");
    }

    private async Task<IPage> SignedInPageAsync(HelpdeskInstance helpdesk, string agentId)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB", AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync($"[data-testid=sign-in-{agentId}]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        return page;
    }
}
