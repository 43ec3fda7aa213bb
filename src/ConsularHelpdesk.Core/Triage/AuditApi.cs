using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// <c>GET /api/triage/audit</c> (JSON, a page at a time) and <c>GET /api/triage/audit/csv</c> (the same filter as CSV):
/// who read or changed which conversation of a post, when. Administrators read every post, supervisors their own;
/// anyone else gets 403. One post per request; a period of at most <see cref="MaxDays"/> days (today's 30 by default);
/// the agent and conversation filters are optional. Nothing here writes the audit.
/// </summary>
internal static class AuditApi
{
    public const int MaxDays = 92;

    public const int PageSize = 50;

    public const int MaxCsvRows = 10_000;

    private const int MaxFilter = 200;

    public static async Task<IResult> ListAsync(HttpContext context, Agent agent)
    {
        var parsed = Parse(context, agent);
        if (parsed.Query is not { } query)
        {
            return parsed.Problem!;
        }

        var page = await context.RequestServices.GetRequiredService<AuditReader>().ReadAsync(query, context.Request.Query["continuation"], PageSize, context.RequestAborted);
        return page is null
            ? TypedResults.Problem("The continuation token does not belong to this filter; start again without it.", statusCode: StatusCodes.Status400BadRequest)
            : TypedResults.Json(new AuditPageView([.. page.Items.Select(View)], page.Continuation), AuditJsonContext.Default.AuditPageView);
    }

    public static async Task<IResult> CsvAsync(HttpContext context, Agent agent)
    {
        var parsed = Parse(context, agent);
        if (parsed.Query is not { } query)
        {
            return parsed.Problem!;
        }

        var reader = context.RequestServices.GetRequiredService<AuditReader>();
        var entries = new List<AuditEntry>();
        string? continuation = null;
        do
        {
            var page = await reader.ReadAsync(query, continuation, 1000, context.RequestAborted);
            entries.AddRange(page!.Items);
            continuation = page.Continuation;
            if (entries.Count > MaxCsvRows)
            {
                return TypedResults.Problem(
                    $"The filter matches more than {MaxCsvRows} entries; narrow the period, or filter by agent or conversation.",
                    statusCode: StatusCodes.Status400BadRequest);
            }
        }
        while (continuation is not null);

        var name = $"audit-{query.PostId}-{query.From:yyyyMMdd}-{query.To:yyyyMMdd}.csv";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(AuditCsv.Write(entries), "text/csv; charset=utf-8");
    }

    /// <summary>The audit's partition of retention and erasure entries (<c>privacy-{yyyy-MM}</c>): <c>post=privacy</c>, administrators only.</summary>
    internal const string PrivacyPartition = "privacy";

    private static (AuditQuery? Query, IResult? Problem) Parse(HttpContext context, Agent agent)
    {
        if (agent.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return (null, TypedResults.Problem("Only administrators and supervisors read the audit.", statusCode: StatusCodes.Status403Forbidden));
        }

        var q = context.Request.Query;
        var post = q["post"].ToString();
        if (post.Length == 0)
        {
            return (null, TypedResults.Problem("Give the post whose audit to read (post=…).", statusCode: StatusCodes.Status400BadRequest));
        }

        if (post == PrivacyPartition)
        {
            // Retention and erasure: counts and request ids only, of every post; administrators alone read it.
            if (agent.Role != AgentRole.Admin)
            {
                return (null, TypedResults.Problem("Only administrators read the privacy audit.", statusCode: StatusCodes.Status403Forbidden));
            }
        }
        else if (!context.RequestServices.GetRequiredService<PostCatalog>().TryGet(post, out _))
        {
            return (null, TypedResults.Problem("No such post.", statusCode: StatusCodes.Status404NotFound));
        }
        else if (!agent.CanAccess(post))
        {
            return (null, TypedResults.Problem("Supervisors read the audit of their own posts only.", statusCode: StatusCodes.Status403Forbidden));
        }

        var today = DateOnly.FromDateTime(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        if (!TryDay(q["to"], today, out var to) || !TryDay(q["from"], to.AddDays(-29), out var from))
        {
            return (null, TypedResults.Problem("'from' and 'to' are days as yyyy-MM-dd (UTC).", statusCode: StatusCodes.Status400BadRequest));
        }

        if (from > to || to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            return (null, TypedResults.Problem($"The period runs from 'from' to 'to' (both included) and spans at most {MaxDays} days.", statusCode: StatusCodes.Status400BadRequest));
        }

        var actor = q["agent"].ToString();
        var conversation = q["conversation"].ToString();
        if (actor.Length > MaxFilter || conversation.Length > MaxFilter)
        {
            return (null, TypedResults.Problem($"'agent' and 'conversation' hold at most {MaxFilter} characters.", statusCode: StatusCodes.Status400BadRequest));
        }

        return (new AuditQuery(post, from, to, actor.Length == 0 ? null : actor, conversation.Length == 0 ? null : conversation), null);
    }

    private static bool TryDay(string? value, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return string.IsNullOrEmpty(value) || DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static AuditEntryView View(AuditEntry e) => new(e.At, e.PostId, e.Actor, e.Action, e.ConversationId.Length == 0 ? null : e.ConversationId, e.Details);
}

/// <summary>An audit entry as the API shows it.</summary>
internal sealed record AuditEntryView(DateTimeOffset At, string Post, string Agent, string Action, string? Conversation, string? Details);

/// <summary>A page of the audit, newest first; <c>continuation</c> fetches the next (absent at the end).</summary>
internal sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, string? Continuation);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditPageView))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
