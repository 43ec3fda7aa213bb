using Microsoft.AspNetCore.Http;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Tells a change that another site's page made a browser send (with the agent's cookie) from one the triage page or a
/// non-browser client sent. Browsers send <c>Sec-Fetch-Site</c> and <c>Origin</c>; clients such as curl send neither,
/// and they carry no ambient cookie to abuse, so a request without both passes.
/// </summary>
internal static class CrossSiteRequests
{
    public static bool IsCrossSite(HttpRequest request)
    {
        // "same-site" is refused too: a sibling subdomain is another application. "none" is the user's own navigation.
        // A browser sets Sec-Fetch-Site itself (no page can), so when it is there it decides: under our
        // Referrer-Policy no-referrer a same-origin form post carries "Origin: null", which means nothing then.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        // "null" (a sandboxed or file page) is not an origin of ours. The scheme is not compared: TLS may end at a
        // proxy in front, so the app can see http where the browser had https.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return true;
        }

        var host = request.Host;
        var samePort = host.Port is { } port ? uri.Port == port : uri.IsDefaultPort;
        return !(string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && samePort);
    }
}
