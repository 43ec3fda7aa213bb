using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>The sign-in session lives server-side: signing out ends it, so a copy of the cookie is worth nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SignOutTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task After_sign_out_the_same_cookie_gets_401()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var cookies = new CookieContainer();
        using var agent = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = helpdesk.BaseAddress };
        (await agent.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", "dakar-agent")]))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = cookies.GetCookieHeader(helpdesk.BaseAddress);
        var sessionsWhileSignedIn = await SessionsAsync(helpdesk);

        (await agent.GetAsync("api/triage/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.PostAsync("api/triage/sign-out", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var reused = new HttpRequestMessage(HttpMethod.Get, "api/triage/me");
        reused.Headers.Add("Cookie", cookie);
        using var stranger = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = helpdesk.BaseAddress };
        using var response = await stranger.SendAsync(reused);

        cookie.Should().StartWith("helpdesk-agent=");
        sessionsWhileSignedIn.Should().Be(1);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await SessionsAsync(helpdesk)).Should().Be(0);
    }

    private static async Task<int> SessionsAsync(HelpdeskInstance helpdesk)
    {
        var count = 0;
        await foreach (var _ in helpdesk.Table(n => n.Sessions).QueryAsync<TableEntity>())
        {
            count++;
        }

        return count;
    }
}
