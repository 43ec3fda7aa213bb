using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Server.Tests.Threads;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// In the thread the agent sees the citizen's reaction on the message it reacts to, the message a reply answers
/// quoted, an edited message marked, and an unsupported message named in the agent's language; and answers one
/// message, which the citizen then sees quoted (the context reaches the Graph API).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReactionsAndRepliesTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;
    private const string First = "Je suis à Kinshasa, mon passeport a été volé";

    [Theory]
    [InlineData("en", "Message of a type the help desk cannot show (poll_update)", "edited")]
    [InlineData("nl", "Bericht van een type dat de helpdesk niet kan tonen (poll_update)", "bewerkt")]
    [InlineData("fr", "Message d’un type que le helpdesk ne peut pas afficher (poll_update)", "modifié")]
    [InlineData("de", "Nachricht eines Typs, den der Helpdesk nicht anzeigen kann (poll_update)", "bearbeitet")]
    public async Task The_agent_sees_the_reaction_the_quote_the_edit_and_the_unsupported_kind_in_their_language(string language, string unsupported, string edited)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var waId = "3254" + Random.Shared.Next(1_000_000, 9_999_999);
        var first = "wamid.B" + Guid.NewGuid().ToString("N");
        var second = "wamid.B2" + Guid.NewGuid().ToString("N");
        var at = DateTimeOffset.UtcNow;
        await ReactionsTests.WhatsAppConversationAsync(helpdesk, waId, first, at, First);
        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(2), CitizenPayloads.WhatsAppReaction(first, "👍"));
        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(3), CitizenPayloads.WhatsAppText("Que dois-je faire ?", second, repliesTo: first));
        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(4), CitizenPayloads.WhatsAppEdit(second, "Que dois-je faire maintenant ?"));
        await ReactionsTests.WhatsAppAsync(helpdesk, waId, at.AddSeconds(5), new JsonObject { ["type"] = "unsupported", ["unsupported"] = new JsonObject { ["type"] = "poll_update" } });

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-kinshasa-agent]");
        await page.SelectOptionAsync("[data-testid=language-switch]", language);
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();

        var reacted = await page.WaitForSelectorAsync($"[data-testid=message]:has-text('{First}') [data-testid=reaction]", new() { Timeout = Patience });
        (await reacted!.InnerTextAsync()).Should().Be("👍");
        var quote = await page.WaitForSelectorAsync("[data-testid=message]:has-text('maintenant') [data-testid=quote]", new() { Timeout = Patience });
        (await quote!.InnerTextAsync()).Should().Contain(First);
        (await quote.IsVisibleAsync()).Should().BeTrue();
        var marker = await page.WaitForSelectorAsync("[data-testid=message]:has-text('maintenant') [data-testid=edited]", new() { Timeout = Patience });
        (await marker!.InnerTextAsync()).Should().Be(edited);
        (await page.WaitForSelectorAsync($"[data-testid=message]:has-text('{unsupported}')", new() { Timeout = Patience })).Should().NotBeNull();
        (await page.InnerTextAsync("[data-testid=message]:has-text('poll_update')")).Should().NotContain("Unsupported WhatsApp message", "the parser's English words are not shown");

        if (language == "en")
        {
            // Answering the first message: the composer shows it quoted, and the reply carries its id to Meta.
            await page.ClickAsync($"[data-testid=message]:has-text('{First}') [data-testid=reply-to]");
            (await page.InnerTextAsync("[data-testid=reply-to-banner]")).Should().Contain(First);
            await page.FillAsync("[data-testid=composer-text]", "Come tomorrow at nine.");
            await page.ClickAsync("[data-testid=send]");
            var sent = await HelpdeskInstance.EventuallyAsync(
                () => Task.FromResult(helpdesk.Graph.Received),
                r => r.Any(g => g.Body?["text"]?["body"]?.GetValue<string>() == "Come tomorrow at nine."));
            sent.Single(g => g.Body?["text"]?["body"]?.GetValue<string>() == "Come tomorrow at nine.").Body!["context"]!["message_id"]!.GetValue<string>().Should().Be(first);
            await page.WaitForSelectorAsync("[data-testid=reply-to-banner]", new() { State = Microsoft.Playwright.WaitForSelectorState.Hidden, Timeout = Patience });
        }
    }
}
