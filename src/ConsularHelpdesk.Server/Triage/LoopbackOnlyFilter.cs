using System.Net;

namespace ConsularHelpdesk.Server.Triage;

/// <summary>
/// The development sign-in answers only to a browser on this machine: a Development instance reachable from the
/// network (a mistake, or <c>--allow-remote-dev</c>) must not hand out passwordless admin sessions. Anyone else
/// gets 404, as if the page did not exist. Behind a reverse proxy with forwarded headers the client's own address
/// counts, not the proxy's.
/// </summary>
internal sealed class LoopbackOnlyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsLoopback(context.HttpContext.Connection.RemoteIpAddress) ? next(context) : ValueTask.FromResult<object?>(TypedResults.NotFound());

    /// <summary>No address (not a TCP client) is not known to be local, so it is refused.</summary>
    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
