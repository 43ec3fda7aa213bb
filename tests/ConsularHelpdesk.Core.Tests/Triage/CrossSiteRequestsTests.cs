using ConsularHelpdesk.Triage;
using Microsoft.AspNetCore.Http;

namespace ConsularHelpdesk.Core.Tests.Triage;

public sealed class CrossSiteRequestsTests
{
    [Theory]
    [InlineData("helpdesk.example", null, null, false)] // curl, scripts: no browser headers
    [InlineData("helpdesk.example", "https://helpdesk.example", "same-origin", false)] // behind TLS at a proxy: the app sees http, no port
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000", null, false)]
    [InlineData("helpdesk.example", null, "none", false)] // the agent's own navigation
    [InlineData("helpdesk.example", "https://evil.example", null, true)]
    [InlineData("helpdesk.example", "https://helpdesk.example.evil.example", null, true)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5001", null, true)] // another app on the same machine
    [InlineData("helpdesk.example:8443", "https://helpdesk.example", null, true)]
    [InlineData("helpdesk.example", "null", null, true)] // a sandboxed frame or a file
    [InlineData("helpdesk.example", "null", "same-origin", false)] // our own form under Referrer-Policy: no-referrer
    [InlineData("helpdesk.example", null, "cross-site", true)]
    [InlineData("helpdesk.example", null, "same-site", true)] // a sibling subdomain is another application
    [InlineData("helpdesk.example", "https://helpdesk.example", "cross-site", true)]
    public void Only_another_sites_request_is_cross_site(string host, string? origin, string? fetchSite, bool crossSite)
    {
        var request = new DefaultHttpContext().Request;
        request.Host = new HostString(host);
        if (origin is not null)
        {
            request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        CrossSiteRequests.IsCrossSite(request).Should().Be(crossSite);
    }
}
