using System.Net;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Server.Triage;

/// <summary>
/// The development sign-in answers only to a browser on this machine: a Development instance reachable from the
/// network (a mistake, <c>--allow-remote-dev</c>, or a tunnel that forwards Meta's webhooks to a laptop) must not
/// hand out passwordless admin sessions. Anyone else gets 404, as if the page did not exist. All of these must say
/// "this machine":
/// <list type="bullet">
/// <item>the client's address (behind a proxy the app is told about, the forwarded one) and the proxy's own
/// (<c>X-Original-For</c>, which the forwarded-headers middleware keeps);</item>
/// <item>the <c>Host</c> the browser asked for: a tunnel (ngrok, dev tunnels) or a DNS-rebinding page arrives from
/// loopback with a host name of its own;</item>
/// <item>no forwarding header left over: a proxy or tunnel on this machine that the app was not told about passes
/// someone else's request on from 127.0.0.1.</item>
/// </list>
/// A sign-in another site's page posts (login CSRF) is refused with 403.
/// </summary>
internal sealed class LoopbackOnlyFilter : IEndpointFilter
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP", "X-Client-IP"];

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!IsFromThisMachine(context.HttpContext))
        {
            return ValueTask.FromResult<object?>(TypedResults.NotFound());
        }

        return HttpMethods.IsPost(request.Method) && CrossSiteRequests.IsCrossSite(request)
            ? ValueTask.FromResult<object?>(TypedResults.Problem("Sign in from this page, not from another site.", statusCode: StatusCodes.Status403Forbidden))
            : next(context);
    }

    internal static bool IsFromThisMachine(HttpContext context)
    {
        var headers = context.Request.Headers;
        return IsLoopback(context.Connection.RemoteIpAddress)
            && (!headers.TryGetValue("X-Original-For", out var proxy) || IsLoopback(ParseEndpointAddress(proxy.ToString())))
            && IsLoopbackHost(context.Request.Host.Host)
            && !ForwardingHeaders.Any(headers.ContainsKey);
    }

    /// <summary>No address (not a TCP client) is not known to be local, so it is refused.</summary>
    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsLoopback(address));

    /// <summary>"127.0.0.1:5000", "[::1]:5000" or a bare address, as the forwarded-headers middleware writes it.</summary>
    private static IPAddress? ParseEndpointAddress(string value) =>
        IPEndPoint.TryParse(value.Trim(), out var endpoint) ? endpoint.Address : null;
}
