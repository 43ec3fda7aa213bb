using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsularHelpdesk.Server.Health;

internal static class HealthEndpoints
{
    /// <summary>/healthz: 200 when storage answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> (StorageClients storage, CancellationToken cancellationToken) =>
        {
            var reachable = await storage.IsReachableAsync(cancellationToken);
            var report = new HealthReport(reachable ? "healthy" : "unhealthy", reachable);
            return reachable ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}

internal sealed record HealthReport(string Status, bool Storage);
