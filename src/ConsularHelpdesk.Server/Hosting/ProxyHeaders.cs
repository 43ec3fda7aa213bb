using Microsoft.AspNetCore.HttpOverrides;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Behind App Service or a reverse proxy, TLS ends in front of the app: with <c>ForwardedHeaders:Enabled</c> the
/// request takes its scheme and client address from X-Forwarded-Proto and X-Forwarded-For, so that the sign-in
/// cookie is Secure. Off by default: without a proxy that overwrites these headers, a client could set them.
/// </summary>
internal static class ProxyHeaders
{
    public const string Setting = "ForwardedHeaders:Enabled";

    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(Setting))
        {
            var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            // App Service's front ends have no fixed address: trust the proxy the operator put in front, as
            // ASPNETCORE_FORWARDEDHEADERS_ENABLED does.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            app.UseForwardedHeaders(options);
        }

        return app;
    }
}
