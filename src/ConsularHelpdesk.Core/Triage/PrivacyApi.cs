using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// <c>/api/triage/admin/privacy/…</c>: administrators (only) find a citizen and export what is held about them.
/// A phone number or user id travels only in a POST body (never in a URL: URLs reach traces and logs); the other
/// calls name the citizen by their contact key, an HMAC. Every export is audited under <c>privacy</c> without
/// personal data.
/// </summary>
internal static class PrivacyApi
{
    /// <summary>The audit partition (<c>privacy-{yyyy-MM}</c>) of access requests and erasures.</summary>
    public const string AuditPartition = "privacy";

    /// <summary><c>POST admin/privacy/find</c>: <c>{"channel","id"}</c> or <c>{"conversation"}</c> → a summary without personal data.</summary>
    public static async Task<IResult> FindAsync(HttpContext context, Agent agent)
    {
        if (Refuse(context, agent, hasBody: true) is { } refused)
        {
            return refused;
        }

        var body = await RosterApi.BodyAsync(context.Request, PrivacyJsonContext.Default.FindCitizenRequest);
        var finder = context.RequestServices.GetRequiredService<CitizenFinder>();
        FoundCitizen? found;
        if (body.Conversation is { Length: > 0 } conversation)
        {
            if (conversation.Length > 64)
            {
                return ChangeGuard.Invalid("conversation", "A conversation id has at most 64 characters.");
            }

            found = await finder.FindByConversationAsync(conversation.Trim(), context.RequestAborted);
        }
        else if (finder.KeyOf(body.Channel ?? string.Empty, body.Id ?? string.Empty) is { } key)
        {
            found = await finder.FindAsync(key, context.RequestAborted);
        }
        else
        {
            return ChangeGuard.Invalid("id", "Give the channel (whatsapp or messenger) and the citizen's phone number in international form or user id, or one of their conversation ids.");
        }

        return found is null
            ? TypedResults.Problem("Nothing is held about this citizen.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Json(Summary(found), PrivacyJsonContext.Default.CitizenSummary);
    }

    /// <summary><c>GET admin/privacy/export?contact=</c>: the ZIP (<see cref="CitizenExport"/>), streamed.</summary>
    public static async Task<IResult> ExportAsync(HttpContext context, Agent agent)
    {
        if (Refuse(context, agent, hasBody: false) is { } refused)
        {
            return refused;
        }

        var contact = context.Request.Query["contact"].ToString();
        if (!CitizenFinder.IsContactKey(contact))
        {
            return ChangeGuard.Invalid("contact", "Give the contact key the find answered.");
        }

        var services = context.RequestServices;
        var found = await services.GetRequiredService<CitizenFinder>().FindAsync(contact, context.RequestAborted);
        if (found is null)
        {
            return TypedResults.Problem("Nothing is held about this citizen.", statusCode: StatusCodes.Status404NotFound);
        }

        // Audited before the first byte leaves: a download cut off halfway has still handed data out.
        await services.GetRequiredService<AuditLog>().RecordAsync(
            AuditPartition, agent.Id, "privacy.export", string.Empty, $"conversations={found.Conversations.Count}", context.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Response.Headers.CacheControl = "no-store";
        var export = services.GetRequiredService<CitizenExport>();
        return TypedResults.Stream(
            stream => export.WriteAsync(found, stream, context.RequestAborted),
            "application/zip",
            $"access-request-{now.UtcDateTime:yyyyMMdd-HHmmss}.zip");
    }

    private static IResult? Refuse(HttpContext context, Agent agent, bool hasBody)
    {
        if (agent.Role != AgentRole.Admin)
        {
            return TypedResults.Problem("Only administrators handle access requests and erasures.", statusCode: StatusCodes.Status403Forbidden);
        }

        return hasBody ? ChangeGuard.Refuse(context, hasBody: true) : null;
    }

    private static CitizenSummary Summary(FoundCitizen found) => new(
        found.ContactKey,
        found.Channel.ToString(),
        found.Conversations.Count,
        found.Conversations.Count == 0 ? null : found.Conversations.Min(c => c.OpenedAt),
        found.Conversations.Count == 0 ? null : found.Conversations.Max(c => c.OpenedAt),
        [.. found.Conversations.Select(c => c.PostId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
}

/// <summary>Who to find: a channel and the citizen's phone number or user id, or one of their conversations.</summary>
internal sealed record FindCitizenRequest(string? Channel, string? Id, string? Conversation);

/// <summary>
/// What the find shows: enough to recognise the request (how many conversations, when, which posts), no name, number or text.
/// <c>contact</c> names the citizen in the calls that follow.
/// </summary>
internal sealed record CitizenSummary(string Contact, string Channel, int Conversations, DateTimeOffset? FirstOpenedAt, DateTimeOffset? LastOpenedAt, IReadOnlyList<string> Posts);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FindCitizenRequest))]
[JsonSerializable(typeof(CitizenSummary))]
internal sealed partial class PrivacyJsonContext : JsonSerializerContext;
