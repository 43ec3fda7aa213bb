using System.Net;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>Behind a proxy that ends TLS, the sign-in cookie is Secure when the operator says the proxy's headers count.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProxyHeadersTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_sign_in_cookie_is_secure_when_the_proxy_says_https_and_forwarded_headers_are_enabled()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = "true" }, development: true);

        // A proxy on this machine, in front of a browser on this machine: the development sign-in answers only that.
        using var response = await SignInAsync(helpdesk, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "127.0.0.1"));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        CookieAttributes(response).Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=strict");
    }

    [Fact]
    public async Task Without_forwarded_headers_enabled_the_cookie_follows_the_request_and_an_unknown_proxy_gets_nothing()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = "false" }, development: true);

        using var direct = await SignInAsync(helpdesk);
        using var throughUnknownProxy = await SignInAsync(helpdesk, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "127.0.0.1"));

        direct.StatusCode.Should().Be(HttpStatusCode.Redirect);
        CookieAttributes(direct).Should().NotContain("secure", "the request was plain http").And.Contain("httponly");
        throughUnknownProxy.StatusCode.Should().Be(HttpStatusCode.NotFound, "a proxy the app was not told about may be passing on anyone's request");
        throughUnknownProxy.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    private static async Task<HttpResponseMessage> SignInAsync(HelpdeskInstance helpdesk, params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = helpdesk.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "dev/sign-in") { Content = new FormUrlEncodedContent([new("agentId", "dakar-agent")]) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    private static string[] CookieAttributes(HttpResponseMessage response) =>
        [.. response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("helpdesk-agent=", StringComparison.Ordinal))
            .Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant())];
}
