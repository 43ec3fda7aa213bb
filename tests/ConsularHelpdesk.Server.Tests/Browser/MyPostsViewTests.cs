using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>"My posts" and the search box in real Chromium against the self-host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MyPostsViewTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task My_posts_shows_a_conversation_of_a_second_post_and_the_search_box_finds_one_by_a_name_word()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await WhatsAppConversationAsync(helpdesk, "32470000951", "Patrick Kabongo", "Je suis à Kinshasa", "kinshasa");
        await WhatsAppConversationAsync(helpdesk, "32470000952", "Chantal Mbuyi", "Je suis à Lubumbashi", "lubumbashi");
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-BE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-africa-supervisor]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });

        await page.SelectOptionAsync("select.post-picker", "scope:mine");
        await page.WaitForSelectorAsync("[data-testid=conversation-item]:has-text('Patrick Kabongo')", new() { Timeout = Patience });
        var second = await page.WaitForSelectorAsync("[data-testid=conversation-item]:has-text('Chantal Mbuyi')", new() { Timeout = Patience });
        (await second!.InnerTextAsync()).Should().Contain("Lubumbashi", "a cross-post list names each conversation's post");
        (await page.QuerySelectorAllAsync("[data-testid=conversation-item]")).Should().HaveCount(2);

        // Keyboard only: the search box is a form field in the tab order; Enter searches.
        await page.FocusAsync("[data-testid=search-input]");
        await page.Keyboard.TypeAsync("MBUYI");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("[data-testid=search-clear]", new() { Timeout = Patience });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=conversation-item]').length === 1", null, new() { Timeout = Patience });
        var found = await page.QuerySelectorAllAsync("[data-testid=conversation-item]");
        await SaveScreenshotAsync(page, "search.png");

        (await found.Single().InnerTextAsync()).Should().Contain("Chantal Mbuyi").And.Contain("Lubumbashi");
    }

    private static async Task WhatsAppConversationAsync(HelpdeskInstance helpdesk, string sender, string name, string text, string post)
    {
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(sender, name, DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText(text)))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        await HelpdeskInstance.EventuallyAsync(
            () => QueueDrain.RowsAsync(helpdesk.Table(n => n.Inbox)),
            rows => rows.Any(r => r.PartitionKey == "open-" + post && r.GetString("ContactName") == name));
        await HelpdeskInstance.EventuallyAsync(() => QueueDrain.RowsAsync(helpdesk.Table(n => n.SearchIndex)), rows => rows.Count(r => r.RowKey.StartsWith(post + "|", StringComparison.Ordinal)) == 2);
    }

    /// <summary>For a person to look at: under the test output, screenshots/.</summary>
    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }
}
