using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>The account events of one month, newest first.</summary>
internal sealed record AccountEventPage(string Month, IReadOnlyList<AccountEvent> Items);

/// <summary>
/// <c>GET /api/triage/admin/account-events?month=yyyy-MM</c>: what Meta reported about our WhatsApp account (template
/// status and quality, phone number quality), for administrators only; the current month when none is given.
/// </summary>
internal static class AccountEventsApi
{
    private const int MaxItems = 200;

    public static async Task<IResult> ListAsync(HttpContext context, Agent agent)
    {
        if (agent.Role != AgentRole.Admin)
        {
            return TypedResults.Problem("Only administrators see account events.", statusCode: StatusCodes.Status403Forbidden);
        }

        var month = context.Request.Query["month"].ToString();
        if (month.Length == 0)
        {
            month = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        else if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return TypedResults.Problem("'month' must be a month as yyyy-MM (2026-12).", statusCode: StatusCodes.Status400BadRequest);
        }

        var items = await context.RequestServices.GetRequiredService<AccountEventLog>().ListAsync(month, MaxItems, context.RequestAborted);
        return TypedResults.Json(new AccountEventPage(month, items), AccountEventsJsonContext.Default.AccountEventPage);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccountEventPage))]
internal sealed partial class AccountEventsJsonContext : JsonSerializerContext;
