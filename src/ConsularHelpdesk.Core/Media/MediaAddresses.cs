using ConsularHelpdesk.Replies;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Media;

/// <summary>
/// Which addresses a media download may fetch: HTTPS on Meta's CDNs (<c>*.fbcdn.net</c>, <c>*.fbsbx.com</c>, which
/// includes <c>lookaside.fbsbx.com</c>, WhatsApp's download host), and the configured Graph API base (its scheme, host
/// and port: the fake Graph API on loopback in tests and the demo). Nothing else, redirects included: an address in a
/// webhook is the sender's word, and fetching another host would let anyone make the help desk call inside its network.
/// </summary>
internal sealed class MediaAddresses(IOptions<GraphApiOptions> graph, IOptions<MediaOptions> options)
{
    private static readonly string[] MetaDomains = ["fbcdn.net", "fbsbx.com"];

    public bool IsAllowed(Uri? address)
    {
        if (address is not { IsAbsoluteUri: true } || address.UserInfo.Length > 0)
        {
            return false;
        }

        var graphBase = graph.Value.BaseUrl;
        if (address.Scheme == graphBase.Scheme && address.Host.Equals(graphBase.Host, StringComparison.OrdinalIgnoreCase) && address.Port == graphBase.Port)
        {
            return true;
        }

        if (address.Scheme != Uri.UriSchemeHttps || !address.IsDefaultPort)
        {
            return false;
        }

        var host = address.IdnHost.ToLowerInvariant();
        return MetaDomains.Any(domain => host.EndsWith("." + domain, StringComparison.Ordinal))
            || options.Value.ExtraHosts.Any(extra => host.Equals(extra, StringComparison.OrdinalIgnoreCase));
    }
}
