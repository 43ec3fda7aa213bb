using System.Security.Claims;
using ConsularHelpdesk.Http;
using ConsularHelpdesk.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Functions.Triage;

/// <summary>
/// The agent API (/api/triage/…). In Azure, App Service Authentication (Easy Auth, Entra ID) signs agents in in
/// front of the app and passes who they are in X-MS-CLIENT-PRINCIPAL, stripping any copy a client sends: so the
/// header is trusted here. Anonymous at the Functions level for that reason; unauthenticated calls get 401.
/// </summary>
public sealed class TriageFunction(IConfiguration configuration)
{
    [Function("Triage")]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "triage/{*path}")] HttpRequest request,
        string? path)
    {
        SecurityHeaders.Apply(request.HttpContext.Response);
        // Without Easy Auth in front (a slot or a local run without it), anyone could send the header: nobody is signed in.
        var principal = AgentClaims.EasyAuthEnabled(configuration) ? AgentClaims.FromEasyAuthHeader(request.Headers[AgentClaims.EasyAuthHeader]) : null;
        request.HttpContext.User = principal ?? new ClaimsPrincipal(new ClaimsIdentity());
        return TriageHttp.HandleAsync(request.HttpContext, path);
    }
}
