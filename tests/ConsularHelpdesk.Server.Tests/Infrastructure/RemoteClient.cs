using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// Makes every request look as if it came from <paramref name="address"/> (the tests can only connect over
/// loopback): runs before the app's own pipeline, as a reverse proxy's forwarded address would.
/// </summary>
public sealed class RemoteClient(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
