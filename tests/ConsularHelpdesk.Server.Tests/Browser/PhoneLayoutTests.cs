using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// The triage view on a phone (a duty officer at home at night) in real Chromium: one column, the list first, the
/// thread full width with a way back, the composer above the on-screen keyboard; and the desktop layout unchanged.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PhoneLayoutTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    /// <summary>A common phone: 390 CSS pixels wide, touch, three device pixels per CSS pixel.</summary>
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    /// <summary>What the on-screen keyboard leaves of the phone's height (Chromium resizes the page: interactive-widget).</summary>
    private const int HeightAboveKeyboard = 480;

    /// <summary>
    /// Every control a finger can reach that is smaller than 44×44 CSS pixels (WCAG 2.5.5), described; visible ones only.
    /// Links inside a message's text are exempt, as inline links are.
    /// </summary>
    private const string SmallTouchTargets = """
        () => [...document.querySelectorAll('button, select, input, textarea, summary, a.button, [data-testid=conversation-item]')]
          .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
          .map(e => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width < 44 || r.height < 44)
          .map(({ e, r }) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`)
        """;

    [Fact]
    public async Task On_a_phone_the_list_fits_the_screen_a_conversation_opens_full_width_and_the_back_button_returns_to_the_list()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000021", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar, mon fils est à l'hôpital")));
        var page = await SignedInPageAsync(helpdesk, "dakar-agent", await PhoneAsync());

        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await SaveScreenshotAsync(page, "phone-list.png");
        (await ScrollWidthAsync(page)).Should().BeLessThanOrEqualTo(PhoneWidth, "the list lays out in the phone's width: nothing scrolls sideways");
        (await BoxAsync(page, ".list-pane")).Width.Should().BeApproximately(PhoneWidth, 1, "the list is the one column");
        (await page.IsVisibleAsync("[data-testid=back-to-list]")).Should().BeFalse("no conversation is open");
        (await page.EvaluateAsync<string[]>(SmallTouchTargets)).Should().BeEmpty("every control of the list is big enough for a finger");

        await item!.TapAsync();
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]:has-text('mon fils est à l\\'hôpital')", new() { Timeout = Patience });
        var back = await page.WaitForSelectorAsync("[data-testid=back-to-list]", new() { State = WaitForSelectorState.Visible, Timeout = Patience });
        await SaveScreenshotAsync(page, "phone-thread.png");

        var thread = await BoxAsync(page, "[data-testid=thread]");
        thread.X.Should().BeApproximately(0, 1, "the thread opens on the screen, not beside the list");
        thread.Width.Should().BeApproximately(PhoneWidth, 1, "the thread takes the whole width");
        (await page.IsVisibleAsync(".list-pane")).Should().BeFalse("one column: the thread replaces the list");
        (await ScrollWidthAsync(page)).Should().BeLessThanOrEqualTo(PhoneWidth, "the thread lays out in the phone's width");
        (await page.EvaluateAsync<string[]>(SmallTouchTargets)).Should().BeEmpty("every control of the thread is big enough for a finger");

        await back!.TapAsync();
        await page.WaitForSelectorAsync(".list-pane", new() { State = WaitForSelectorState.Visible, Timeout = Patience });
        (await page.IsVisibleAsync("[data-testid=thread]")).Should().BeFalse("back in the list, the thread is closed");
        (await page.QuerySelectorAllAsync("[data-testid=conversation-item]")).Should().ContainSingle();
        (await page.EvaluateAsync<string>("() => document.activeElement?.dataset?.id ?? ''")).Should().NotBeEmpty("focus returns to the conversation's row");
        (await ScrollWidthAsync(page)).Should().BeLessThanOrEqualTo(PhoneWidth);

        // The phone's own back button (or gesture) does the same.
        await (await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience }))!.TapAsync();
        await page.WaitForSelectorAsync("[data-testid=back-to-list]", new() { State = WaitForSelectorState.Visible, Timeout = Patience });
        await page.GoBackAsync();
        await page.WaitForSelectorAsync(".list-pane", new() { State = WaitForSelectorState.Visible, Timeout = Patience });
        (await page.IsVisibleAsync("[data-testid=thread]")).Should().BeFalse("the system's back closes the conversation");
        page.Url.Should().NotContain("#c=");
    }

    [Fact]
    public async Task On_a_phone_the_composer_stays_above_the_keyboard_and_the_reply_reaches_the_citizen()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000022", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar, j'ai perdu mon passeport")));
        var page = await SignedInPageAsync(helpdesk, "dakar-agent", await PhoneAsync());
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.TapAsync();
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]", new() { Timeout = Patience });

        // The on-screen keyboard opens: with interactive-widget=resizes-content Chromium gives the page the height above it.
        await page.TapAsync("[data-testid=composer-text]");
        await page.SetViewportSizeAsync(PhoneWidth, HeightAboveKeyboard);
        await page.WaitForFunctionAsync($"() => window.innerHeight === {HeightAboveKeyboard}", null, new() { Timeout = Patience });
        await page.Keyboard.TypeAsync("Bonjour, passez demain à 9 h au consulat.");
        await SaveScreenshotAsync(page, "phone-composer.png");

        var textarea = await BoxAsync(page, "[data-testid=composer-text]");
        var send = await BoxAsync(page, "[data-testid=send]");
        (textarea.Y + textarea.Height).Should().BeLessThanOrEqualTo(HeightAboveKeyboard, "the text being typed is above the keyboard");
        (send.Y + send.Height).Should().BeLessThanOrEqualTo(HeightAboveKeyboard, "the send button is above the keyboard");
        (send.X + send.Width).Should().BeLessThanOrEqualTo(PhoneWidth, "the send button is on the screen");
        send.Height.Should().BeGreaterThanOrEqualTo(44, "a finger can hit it");
        (await ScrollWidthAsync(page)).Should().BeLessThanOrEqualTo(PhoneWidth);

        await page.TapAsync("[data-testid=send]");
        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count >= 1);
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=out]", new() { Timeout = Patience });

        sent.Should().ContainSingle();
        sent[0].Body!["recipient"]!["id"]!.GetValue<string>().Should().Be("7300000000000022");
        sent[0].Body!["message"]!["text"]!.GetValue<string>().Should().Be("Bonjour, passez demain à 9 h au consulat.");
    }

    [Fact]
    public async Task On_a_phone_the_sign_in_screen_fits_the_screen()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var page = await (await PhoneAsync()).NewPageAsync();

        await page.GotoAsync(helpdesk.BaseAddress.ToString());
        await page.WaitForSelectorAsync("[data-testid=sign-in] .dev-sign-in h2", new() { Timeout = Patience });

        (await ScrollWidthAsync(page)).Should().BeLessThanOrEqualTo(PhoneWidth);
        (await page.EvaluateAsync<string[]>(SmallTouchTargets)).Should().BeEmpty();
    }

    [Fact]
    public async Task On_a_desktop_the_list_and_the_thread_stay_side_by_side_without_a_back_button()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000023", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar")));
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-BE" });
        var page = await SignedInPageAsync(helpdesk, "dakar-agent", context);
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]", new() { Timeout = Patience });

        var list = await BoxAsync(page, ".list-pane");
        var thread = await BoxAsync(page, "[data-testid=thread]");
        list.X.Should().Be(0);
        list.Width.Should().BeApproximately(380, 1, "the list keeps its desktop width");
        thread.X.Should().BeGreaterThanOrEqualTo(list.X + list.Width, "the thread is beside the list");
        thread.Y.Should().BeApproximately(list.Y, 1, "both panes start under the top bar");
        (await page.IsVisibleAsync("[data-testid=back-to-list]")).Should().BeFalse("the list is on the screen: no way back is needed");
        (await ScrollWidthAsync(page)).Should().BeLessThanOrEqualTo(1280);
    }

    private Task<IBrowserContext> PhoneAsync() => browser.Browser.NewContextAsync(new()
    {
        ViewportSize = new() { Width = PhoneWidth, Height = PhoneHeight },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 3,
        Locale = "fr-BE",
    });

    private static async Task<IPage> SignedInPageAsync(HelpdeskInstance helpdesk, string agentId, IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync($"[data-testid=sign-in-{agentId}]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        return page;
    }

    private static Task<int> ScrollWidthAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");

    private static async Task<ElementHandleBoundingBoxResult> BoxAsync(IPage page, string selector)
    {
        var element = await page.WaitForSelectorAsync(selector, new() { State = WaitForSelectorState.Visible, Timeout = Patience });
        return (await element!.BoundingBoxAsync())!;
    }

    /// <summary>For a person to look at: under the test output, screenshots/.</summary>
    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }
}
