using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>The triage view in real Chromium against the self-host: what an agent sees and does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TriageViewTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;

    [Fact]
    public async Task A_new_message_appears_without_reload_and_the_agents_reply_reaches_the_citizen_once()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var page = await SignedInPageAsync(helpdesk, "dakar-agent");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });

        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000001", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar, on m'a volé mon passeport")));
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]:has-text('on m\\'a volé mon passeport')", new() { Timeout = Patience });
        await page.FillAsync("[data-testid=composer-text]", "Bonjour, faites d'abord une déclaration à la police.");
        await page.ClickAsync("[data-testid=send]");

        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count >= 1);
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=out]", new() { Timeout = Patience });
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().ContainSingle("one click, one message to the citizen");
        sent[0].Path.Should().Be("me/messages");
        sent[0].Body!["recipient"]!["id"]!.GetValue<string>().Should().Be("7300000000000001");
        sent[0].Body!["message"]!["text"]!.GetValue<string>().Should().Be("Bonjour, faites d'abord une déclaration à la police.");

        // The citizen reads it: Messenger says so with a watermark, and the agent sees it without reload.
        var watermark = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var read = """{"object":"page","entry":[{"id":"PAGE","time":1,"messaging":[{"sender":{"id":"7300000000000001"},"recipient":{"id":"PAGE"},"timestamp":MARK,"read":{"watermark":MARK}}]}]}"""
            .Replace("PAGE", CitizenPayloads.DemoPageId, StringComparison.Ordinal).Replace("MARK", watermark, StringComparison.Ordinal);
        await helpdesk.PostAsync(ChannelKind.Messenger, read);
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=out] [data-status=Read]", new() { Timeout = Patience });
        await SaveScreenshotAsync(page, "triage-view.png");
    }

    [Fact]
    public async Task The_composer_counts_down_for_the_channel_and_will_not_send_a_reply_that_is_too_long()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000004", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar")));
        var page = await SignedInPageAsync(helpdesk, "dakar-agent");
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]", new() { Timeout = Patience });

        await page.FillAsync("[data-testid=composer-text]", "Bonjour");
        var left = await page.InnerTextAsync("[data-testid=char-count]");
        await page.FillAsync("[data-testid=composer-text]", new string('a', 2001));
        var over = await page.InnerTextAsync("[data-testid=char-count]");
        var sendBlocked = await page.IsDisabledAsync("[data-testid=send]");
        await page.Keyboard.PressAsync("Control+Enter");
        await SaveScreenshotAsync(page, "reply-too-long.png");

        left.Should().Contain("1993", "Messenger takes 2,000 characters");
        over.Should().MatchRegex(@"\b1\b", "one character over");
        (await page.GetAttributeAsync("[data-testid=char-count]", "class")).Should().Contain("over");
        sendBlocked.Should().BeTrue();
        (await page.InnerTextAsync("[data-testid=error]")).Should().ContainAny(
            "too long for Messenger", "te lang voor Messenger", "trop longue pour Messenger", "zu lang für Messenger");
        helpdesk.Graph.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_reply_in_a_closed_conversation_is_refused_with_a_clear_message()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000005", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar")));
        var page = await SignedInPageAsync(helpdesk, "dakar-agent");
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]", new() { Timeout = Patience });

        await page.ClickAsync("[data-testid=close]");
        await page.WaitForSelectorAsync("[data-testid=reopen]", new() { Timeout = Patience });
        await page.FillAsync("[data-testid=composer-text]", "Bonjour");
        await page.ClickAsync("[data-testid=send]");
        var error = await page.WaitForSelectorAsync("[data-testid=error]:visible", new() { Timeout = Patience });

        (await error!.InnerTextAsync()).Should().ContainAny(
            "This conversation is closed", "Dit gesprek is gesloten", "Cette conversation est fermée", "Dieses Gespräch ist geschlossen");
        helpdesk.Graph.Received.Should().BeEmpty();
        await SaveScreenshotAsync(page, "reply-closed.png");
    }

    [Fact]
    public async Task Html_in_a_citizens_message_renders_as_inert_text()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        const string attack = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> help";
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000002", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText(attack)));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        var page = await SignedInPageAsync(helpdesk, "central-duty");

        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();
        var message = await page.WaitForSelectorAsync("[data-testid=message][data-direction=in]", new() { Timeout = Patience });

        (await message!.InnerTextAsync()).Should().Contain(attack);
        (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).Should().BeTrue("no citizen content may run");
        (await page.QuerySelectorAllAsync("[data-testid=thread] img[src='x'], [data-testid=thread] script")).Should().BeEmpty();
        await SaveScreenshotAsync(page, "inert-html.png");
    }

    [Fact]
    public async Task An_agent_cannot_open_another_posts_conversation_by_its_address()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7300000000000003", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Lubumbashi, secret médical")));
        var rows = await HelpdeskInstance.EventuallyAsync(helpdesk.ConversationRowsAsync, r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == "lubumbashi"));
        var id = rows.First(h => h.RowKey == "thread").PartitionKey;
        var page = await SignedInPageAsync(helpdesk, "kinshasa-agent");

        await page.GotoAsync(new Uri(helpdesk.BaseAddress, $"#c={id}").ToString());
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        // The positive signal that the page has asked for the conversation and been told no: its "not found" notice.
        var notice = await page.WaitForSelectorAsync("[data-testid=error]:not([hidden])", new() { Timeout = Patience });
        (await notice!.InnerTextAsync()).Should().ContainAny("no longer exists", "bestaat niet meer", "existe plus", "nicht mehr");

        (await page.ContentAsync()).Should().NotContain("secret médical");
        (await page.QuerySelectorAllAsync("[data-testid=message]")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_administrator_sees_a_rejected_template_in_the_page_and_an_agent_has_no_such_view()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var rejected = """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","time":1739321000,"changes":[{"field":"message_template_status_update","value":{"event":"REJECTED","message_template_id":87654321,"message_template_name":"reply_after_24h","message_template_language":"nl","reason":"INCORRECT_CATEGORY"}}]}]}""";
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, rejected)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        await HelpdeskInstance.EventuallyAsync(() => QueueDrain.RowsAsync(helpdesk.Table(n => n.AccountEvents)), rows => rows.Count == 1);

        var agentPage = await SignedInPageAsync(helpdesk, "dakar-agent");
        var adminPage = await SignedInPageAsync(helpdesk, "admin");
        await adminPage.ClickAsync("[data-testid=account-events-open]");
        var row = await adminPage.WaitForSelectorAsync("[data-testid=account-events] tbody tr:has-text('reply_after_24h')", new() { Timeout = Patience });
        await SaveScreenshotAsync(adminPage, "account-events.png");

        (await row!.InnerTextAsync()).Should().Contain("REJECTED").And.Contain("INCORRECT_CATEGORY").And.Contain("(nl)");
        (await row.GetAttributeAsync("class")).Should().Contain("alarming");
        (await agentPage.QuerySelectorAsync("[data-testid=account-events-open]")).Should().BeNull("only administrators see the account's events");
    }

    private async Task<IPage> SignedInPageAsync(HelpdeskInstance helpdesk, string agentId)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-BE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync($"[data-testid=sign-in-{agentId}]");
        await page.WaitForSelectorAsync("[data-testid=conversation-list]", new() { Timeout = Patience });
        return page;
    }

    /// <summary>For a person to look at: under the test output, screenshots/.</summary>
    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
    }
}
