using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Browser;

[Collection(AzuriteCollection.Name)]
public sealed class DevelopmentSignInPageTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_demo_agent_signs_in_from_the_development_page()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var page = await browser.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-dakar-agent]");
        var me = await page.APIRequest.GetAsync(new Uri(helpdesk.BaseAddress, "api/triage/me").ToString());

        me.Status.Should().Be(200);
        (await me.TextAsync()).Should().Contain("\"id\":\"dakar-agent\"");
    }
}
