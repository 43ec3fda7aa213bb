using ConsularHelpdesk.Triage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ConsularHelpdesk.Server.Triage;

/// <summary>/api/triage: the shared <see cref="TriageHttp"/> behind this host's sign-in.</summary>
internal static class TriageEndpoints
{
    public static IEndpointRouteBuilder MapTriage(this IEndpointRouteBuilder app)
    {
        var triage = app.MapGroup("/api/triage").RequireAuthorization();
        triage.MapPost("/sign-out", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        });
        // The path is optional so that a bare /api/triage/ answers 404 from TriageHttp, not a binding error.
        triage.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete], (HttpContext context, string? path) => TriageHttp.HandleAsync(context, path));
        return app;
    }
}
