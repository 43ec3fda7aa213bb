using System.Net;
using System.Security.Claims;
using ConsularHelpdesk.Server.Triage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
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

    [Fact]
    public async Task A_session_signed_out_on_one_instance_is_not_written_back_by_another_that_still_had_it_cached()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        TableTicketStore Instance() => new(helpdesk.Storage, new MemoryCache(new MemoryCacheOptions()), TimeProvider.System);
        var (signingOut, stale) = (Instance(), Instance());
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "dakar-agent")], "test")), "Cookies");
        var key = await signingOut.StoreAsync(ticket);
        (await stale.RetrieveAsync(key)).Should().NotBeNull("the other instance has read it, and now holds it in its cache");

        await signingOut.RemoveAsync(key);
        await stale.RenewAsync(key, ticket); // its sliding expiration refreshes the cookie within the cache's window

        (await SessionsAsync(helpdesk)).Should().Be(0, "a renewal never brings a session back");
        (await Instance().RetrieveAsync(key)).Should().BeNull();
        (await stale.RetrieveAsync(key)).Should().BeNull("the failed renewal also forgets the cached ticket");
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
