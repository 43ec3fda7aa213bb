using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// A message the help desk sent by itself (<c>automatic: true</c> in the thread, docs/triage-api.md) carries an
/// "automatic reply" badge in the agent's language, so that nobody takes it for a colleague's answer.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AutomaticReplyBadgeTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 20_000;
    private const string Acknowledgement = "Nous avons bien reçu votre message. Le poste ouvre lundi à 8 h 30.";

    [Theory]
    [InlineData("fr", "Réponse automatique")]
    [InlineData("de", "Automatische Antwort")]
    public async Task An_automatic_reply_is_badged_in_the_agents_language_and_the_citizens_message_is_not(string language, string badge)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000031", "Je suis à Dakar, c'est urgent", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = Acknowledgement })).EnsureSuccessStatusCode();

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-BE" });
        var page = await context.NewPageAsync();
        // The flag comes from the automatic replies (another part of issue 10): here the thread as the API will give it.
        await page.RouteAsync("**/api/triage/conversations/*", MarkAcknowledgementAutomaticAsync);
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-dakar-agent]");
        await page.SelectOptionAsync("[data-testid=language-switch]", language);
        var item = await page.WaitForSelectorAsync("[data-testid=conversation-item]", new() { Timeout = Patience });
        await item!.ClickAsync();

        var automatic = await page.WaitForSelectorAsync("[data-testid=message][data-direction=out]:has([data-testid=automatic-badge])", new() { Timeout = Patience });
        (await automatic!.InnerTextAsync()).Should().Contain(badge).And.Contain(Acknowledgement);
        (await page.QuerySelectorAllAsync("[data-testid=message][data-direction=in] [data-testid=automatic-badge]")).Should().BeEmpty("the citizen wrote that one");
        (await page.QuerySelectorAllAsync("[data-testid=automatic-badge]")).Should().ContainSingle();
    }

    /// <summary>The real thread from the server, with <c>automatic: true</c> on our message that is the acknowledgement.</summary>
    private static async Task MarkAcknowledgementAutomaticAsync(IRoute route)
    {
        var response = await route.FetchAsync();
        if (response.Status != 200)
        {
            await route.FulfillAsync(new() { Response = response });
            return;
        }

        var thread = JsonNode.Parse(await response.TextAsync())!;
        foreach (var message in thread["messages"]!.AsArray())
        {
            if (message!["direction"]!.GetValue<string>() == "out" && message["text"]?.GetValue<string>() == Acknowledgement)
            {
                message["automatic"] = true;
            }
        }

        await route.FulfillAsync(new() { Response = response, Body = thread.ToJsonString() });
    }
}
