using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The signed-in agent's alerts (<see cref="PageAlerts"/>): <c>GET alerts</c> (unread count and the newest 50, one
/// storage query), <c>POST alerts/{id}/read</c> and <c>POST alerts/read-all</c>. Only ever the agent's own partition.
/// </summary>
internal static class AlertsApi
{
    public static async Task<IResult> ListAsync(HttpContext context, Agent agent) =>
        TypedResults.Json(await Alerts(context).ListAsync(agent.Id, context.RequestAborted), AlertsJsonContext.Default.AlertList);

    public static async Task<IResult> ReadAsync(HttpContext context, Agent agent, string alertId)
    {
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        // Checked before any storage call: an id that is no alert key never reaches a key.
        return AlertKeys.IsAlertKey(alertId) && await Alerts(context).MarkReadAsync(agent.Id, alertId, context.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.Problem("No such alert.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> ReadAllAsync(HttpContext context, Agent agent)
    {
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        await Alerts(context).MarkAllReadAsync(agent.Id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>A change from another site (a form posted cross-origin) is refused: it carries no body to type-check.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Refused(HttpContext context) =>
        CrossSiteRequests.IsCrossSite(context.Request)
            ? TypedResults.Problem("Changes are accepted from the triage page only, not from another site.", statusCode: StatusCodes.Status403Forbidden)
            : null;

    private static PageAlerts Alerts(HttpContext context) => context.RequestServices.GetRequiredService<PageAlerts>();
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertList))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext;
