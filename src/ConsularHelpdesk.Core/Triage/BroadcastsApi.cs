using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Broadcasts;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Broadcasts of a crisis under <c>/api/triage/crises/{id}/broadcasts</c> (docs/triage-api.md): a supervisor of the
/// crisis's area (or an administrator) sends an update to every citizen who wrote from the area within a period, follows
/// its progress (counts per state, from the broadcast's counter rows) and cancels it. Sending, cancelling and reading one
/// broadcast are audited; the list, which the crisis screen polls every few seconds, is not (as the crisis's own lists
/// are not): a poll writes nothing.
/// </summary>
internal static class BroadcastsApi
{
    public const int MinDays = 1;
    public const int MaxDays = 30;

    private const string AuditPartition = "crisis";

    /// <summary><c>GET crises/{id}/broadcasts</c>: the crisis's newest broadcasts with their counts (polled: not audited).</summary>
    public static async Task<IResult> ListAsync(HttpContext context, Agent agent, string crisisId)
    {
        var (crisis, refused) = await CrisisAsync(context, agent, crisisId);
        if (crisis is null)
        {
            return refused!;
        }

        var list = await context.RequestServices.GetRequiredService<BroadcastStore>().ListAsync(crisis.Id, context.RequestAborted);
        return TypedResults.Json(new BroadcastListView(crisis.Id, [.. list.Select(View)]), BroadcastsJsonContext.Default.BroadcastListView);
    }

    /// <summary><c>GET crises/{id}/broadcasts/{bid}</c>: one broadcast and its counts.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, Agent agent, string crisisId, string broadcastId)
    {
        var (crisis, refused) = await CrisisAsync(context, agent, crisisId);
        if (crisis is null)
        {
            return refused!;
        }

        var progress = await context.RequestServices.GetRequiredService<BroadcastStore>().ProgressAsync(broadcastId, context.RequestAborted);
        if (progress is null || progress.Header.CrisisId != crisis.Id)
        {
            return NoSuchBroadcast();
        }

        await AuditAsync(context, agent, "broadcast.read", broadcastId);
        return TypedResults.Json(View(progress), BroadcastsJsonContext.Default.BroadcastView);
    }

    /// <summary><c>POST crises/{id}/broadcasts</c> <c>{"text": {nl, fr, de, en}?, "days": N}</c>: the crisis's own messages when no text is given.</summary>
    public static async Task<IResult> SendAsync(HttpContext context, Agent agent, string crisisId)
    {
        if (ChangeGuard.Refuse(context, hasBody: true) is { } guarded)
        {
            return guarded;
        }

        var (crisis, refused) = await CrisisAsync(context, agent, crisisId);
        if (crisis is null)
        {
            return refused!;
        }

        BroadcastRequest? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync(BroadcastsJsonContext.Default.BroadcastRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The JSON body is not valid: send {\"days\": 1-30, \"text\": {\"nl\", \"fr\", \"de\", \"en\"}} (text optional: the crisis's messages).", statusCode: StatusCodes.Status400BadRequest);
        }

        if (body?.Days is not (>= MinDays and <= MaxDays) || body.Days is not { } days)
        {
            return ChangeGuard.Invalid("days", $"Give the period in days, {MinDays} to {MaxDays}: the citizens who wrote from the area within it are sent the update.");
        }

        BroadcastTexts texts;
        if (body.Text is null)
        {
            texts = new BroadcastTexts(crisis.Messages.Nl, crisis.Messages.Fr, crisis.Messages.De, crisis.Messages.En);
        }
        else
        {
            foreach (var (language, text) in new[] { ("nl", body.Text.Nl), ("fr", body.Text.Fr), ("de", body.Text.De), ("en", body.Text.En) })
            {
                // The crisis messages' rule: lines and tabs, but no other control character (a citizen's app shows none).
                if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > CrisisMessages.MaxLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
                {
                    return ChangeGuard.Invalid($"text.{language}", $"Give the update in {language}, at most {CrisisMessages.MaxLength} characters without control characters (every citizen gets it in their language).");
                }
            }

            texts = new BroadcastTexts(body.Text.Nl!.Trim(), body.Text.Fr!.Trim(), body.Text.De!.Trim(), body.Text.En!.Trim());
        }

        if (!crisis.IsOpen)
        {
            return TypedResults.Problem("The crisis is closed: broadcasts go out only while it is open.", statusCode: StatusCodes.Status409Conflict);
        }

        var header = await context.RequestServices.GetRequiredService<BroadcastStore>().CreateAsync(crisis.Id, [.. crisis.Areas], texts, days, (agent.Id, agent.Name), context.RequestAborted);
        await AuditAsync(context, agent, "broadcast.send", $"{header.PartitionKey}: {crisis.Id}, {days} days");
        return TypedResults.Json(View(new BroadcastProgress(header, new BroadcastCounts(0, 0, 0, 0, 0, 0, 0))), BroadcastsJsonContext.Default.BroadcastView, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>POST crises/{id}/broadcasts/{bid}/cancel</c>: the recipients not yet sent to are not sent to.</summary>
    public static async Task<IResult> CancelAsync(HttpContext context, Agent agent, string crisisId, string broadcastId)
    {
        if (ChangeGuard.Refuse(context, hasBody: false) is { } guarded)
        {
            return guarded;
        }

        var (crisis, refused) = await CrisisAsync(context, agent, crisisId);
        if (crisis is null)
        {
            return refused!;
        }

        var store = context.RequestServices.GetRequiredService<BroadcastStore>();
        if (await store.GetAsync(broadcastId, context.RequestAborted) is not { } header || header.CrisisId != crisis.Id)
        {
            return NoSuchBroadcast();
        }

        await store.CancelAsync(broadcastId, (agent.Id, agent.Name), context.RequestAborted);
        await AuditAsync(context, agent, "broadcast.cancel", broadcastId);
        var progress = await store.ProgressAsync(broadcastId, context.RequestAborted);
        return TypedResults.Json(View(progress!), BroadcastsJsonContext.Default.BroadcastView);
    }

    /// <summary>The crisis, if the agent may manage its broadcasts (supervisors of its area, administrators); else the refusal.</summary>
    private static async Task<(Crisis? Crisis, IResult? Refused)> CrisisAsync(HttpContext context, Agent agent, string crisisId)
    {
        if (agent.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return (null, TypedResults.Problem("Only supervisors and administrators send broadcasts.", statusCode: StatusCodes.Status403Forbidden));
        }

        var services = context.RequestServices;
        if (await services.GetRequiredService<CrisisStore>().GetAsync(crisisId, context.RequestAborted) is not { } crisis)
        {
            return (null, TypedResults.Problem("No such crisis.", statusCode: StatusCodes.Status404NotFound));
        }

        // The crisis screen's own rule: who may open and close it may send its broadcasts.
        return CrisesApi.MayManage(agent, crisis.Countries, crisis.Subdivisions, services.GetRequiredService<PostCatalog>())
            ? (crisis, null)
            : (null, TypedResults.Problem("Supervisors send broadcasts only to areas their own posts serve.", statusCode: StatusCodes.Status403Forbidden));
    }

    private static Task AuditAsync(HttpContext context, Agent agent, string action, string details) =>
        context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(AuditPartition, agent.Id, action, string.Empty, details, context.RequestAborted);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSuchBroadcast() => TypedResults.Problem("No such broadcast in this crisis.", statusCode: StatusCodes.Status404NotFound);

    private static BroadcastView View(BroadcastProgress p) => new(
        p.Header.PartitionKey,
        p.Header.CrisisId,
        p.Header.Phase,
        p.Header.Days,
        p.Header.From,
        p.Header.To,
        p.Header.CreatedByName,
        p.Header.CreatedAt,
        p.Header.Recipients,
        new BroadcastCountsView(p.Counts.Queued, p.Counts.Sent, p.Counts.Delivered, p.Counts.Read, p.Counts.Failed, p.Counts.NotReachable, p.Counts.Cancelled),
        p.Header.CancelledAt,
        p.Header.FinishedAt);
}

internal sealed record BroadcastRequest(int? Days, BroadcastTextRequest? Text);

internal sealed record BroadcastTextRequest(string? Nl, string? Fr, string? De, string? En);

internal sealed record BroadcastCountsView(int Queued, int Sent, int Delivered, int Read, int Failed, int NotReachable, int Cancelled);

/// <param name="Phase">collecting, sending, done or cancelled.</param>
/// <param name="Recipients">How many citizens were chosen (known once collecting is over).</param>
internal sealed record BroadcastView(
    string Id,
    string CrisisId,
    string Phase,
    int Days,
    DateTimeOffset From,
    DateTimeOffset To,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    int Recipients,
    BroadcastCountsView Counts,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? FinishedAt);

internal sealed record BroadcastListView(string CrisisId, IReadOnlyList<BroadcastView> Broadcasts);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BroadcastRequest))]
[JsonSerializable(typeof(BroadcastView))]
[JsonSerializable(typeof(BroadcastListView))]
internal sealed partial class BroadcastsJsonContext : JsonSerializerContext;
