using System.Net;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>Behind a proxy that ends TLS, the sign-in cookie is Secure when the operator says the proxy's headers count.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProxyHeadersTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task The_sign_in_cookie_is_secure_when_the_proxy_says_https_and_forwarded_headers_are_enabled(string enabled, bool secure)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = enabled }, development: true);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = helpdesk.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "dev/sign-in") { Content = new FormUrlEncodedContent([new("agentId", "dakar-agent")]) };
        request.Headers.Add("X-Forwarded-Proto", "https");
        // A proxy on this machine: the development sign-in answers loopback clients only, also behind a proxy.
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("helpdesk-agent=", StringComparison.Ordinal));
        cookie.Split(';', StringSplitOptions.TrimEntries).Contains("secure", StringComparer.OrdinalIgnoreCase).Should().Be(secure);
        cookie.Should().Contain("httponly").And.Contain("samesite=strict");
    }
}
