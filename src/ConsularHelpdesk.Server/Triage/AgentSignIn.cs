using System.Security.Claims;
using System.Text.Encodings.Web;
using ConsularHelpdesk.Triage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Server.Triage;

/// <summary>
/// Sign-in for the self-host: Easy Auth's header when <c>Auth:EasyAuth</c> is on (behind App Service only), a JWT
/// bearer token when <c>Auth:Jwt:Authority</c> is set, and otherwise the cookie of the development sign-in.
/// </summary>
internal static class AgentSignIn
{
    public const string Scheme = "Helpdesk";

    public static IServiceCollection AddAgentSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        // Both: the operator asks for it, and App Service says its authentication runs in front of the app.
        var easyAuth = configuration.GetValue<bool>("Auth:EasyAuth") && AgentClaims.EasyAuthEnabled(configuration);
        var authority = configuration["Auth:Jwt:Authority"];
        var builder = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Consular Helpdesk", o => o.ForwardDefaultSelector = context =>
                easyAuth && context.Request.Headers.ContainsKey(AgentClaims.EasyAuthHeader) ? EasyAuthHandler.SchemeName
                : !string.IsNullOrEmpty(authority) && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? JwtBearerDefaults.AuthenticationScheme
                : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "helpdesk-agent";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request is https, as the browser made it: behind App Service or a reverse proxy that is
                // known from X-Forwarded-Proto, honoured when ForwardedHeaders:Enabled is set (ProxyHeaders).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // An API answers 401/403, it does not redirect.
                o.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            })
            .AddScheme<AuthenticationSchemeOptions, EasyAuthHandler>(EasyAuthHandler.SchemeName, null);
        if (!string.IsNullOrEmpty(authority))
        {
            builder.AddJwtBearer(o =>
            {
                o.Authority = authority;
                o.Audience = configuration["Auth:Jwt:Audience"];
                // Only for an identity provider on loopback (tests); Entra ID is https.
                o.RequireHttpsMetadata = configuration.GetValue("Auth:Jwt:RequireHttpsMetadata", true);
                o.MapInboundClaims = false;
            });
        }

        // The ticket stays server-side: signing out ends the session, and a reused cookie is refused.
        services.AddMemoryCache();
        services.AddSingleton<TableTicketStore>();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<TableTicketStore>((o, store) => o.SessionStore = store);
        services.AddAuthorization();
        return services;
    }
}

/// <summary>App Service Authentication: the platform has signed the user in and passes who it is in a header.</summary>
internal sealed class EasyAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EasyAuth";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var principal = AgentClaims.FromEasyAuthHeader(Request.Headers[AgentClaims.EasyAuthHeader]);
        return Task.FromResult(principal is null
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>Development only: pick a demo agent, no password. Never mapped outside the Development environment.</summary>
internal static class DevelopmentSignIn
{
    public static IEndpointRouteBuilder MapDevelopmentSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dev/sign-in", async (AgentDirectory agents, CancellationToken cancellationToken) =>
        {
            var list = await agents.ListAsync(cancellationToken);
            var items = string.Concat(list.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a =>
                $"<li><form method=\"post\"><input type=\"hidden\" name=\"agentId\" value=\"{HtmlEncoder.Default.Encode(a.Id)}\"><button type=\"submit\" data-testid=\"sign-in-{HtmlEncoder.Default.Encode(a.Id)}\">{HtmlEncoder.Default.Encode(a.Name)}</button> {a.Role} — {HtmlEncoder.Default.Encode(string.Join(", ", a.Posts))}</form></li>"));
            return TypedResults.Content(
                $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Sign in (development)</title><body><h1>Development sign-in</h1><p>Pick a demo agent. This page exists only in the Development environment, for a browser on this machine.</p><ul>{items}</ul></body></html>",
                "text/html");
        }).AllowAnonymous().AddEndpointFilter<LoopbackOnlyFilter>();

        app.MapPost("/dev/sign-in", async (HttpContext context, AgentDirectory agents) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
            var id = form?["agentId"].ToString();
            if (string.IsNullOrEmpty(id) || await agents.FindAsync(id, context.RequestAborted) is not { } agent)
            {
                return Results.Problem("No such demo agent.", statusCode: StatusCodes.Status400BadRequest);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, agent.Id), new Claim(ClaimTypes.Name, agent.Name)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/");
        }).AllowAnonymous().DisableAntiforgery().AddEndpointFilter<LoopbackOnlyFilter>();

        return app;
    }
}
