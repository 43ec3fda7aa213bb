using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Privacy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// <c>/api/triage/admin/privacy/…</c>: administrators (only) find a citizen, export what is held about them, and erase
/// them in two steps (<see cref="ErasureRequests"/>, <see cref="CitizenErasure"/>).
/// A phone number or user id travels only in a POST body (never in a URL: URLs reach traces and logs); the other
/// calls name the citizen by their contact key, an HMAC. Every export is audited under <c>privacy</c> without
/// personal data.
/// </summary>
internal static class PrivacyApi
{
    /// <summary>The audit partition (<c>privacy-{yyyy-MM}</c>) of access requests and erasures.</summary>
    public const string AuditPartition = CitizenErasure.AuditPartition;

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

    /// <summary>
    /// <c>POST admin/privacy/erasures</c> with <c>{"contact"}</c>: the first step. 409 naming the conversations under
    /// legal hold; the open request of the contact when there is one (200), else a new one (201).
    /// </summary>
    public static async Task<IResult> RequestErasureAsync(HttpContext context, Agent agent)
    {
        if (Refuse(context, agent, hasBody: true) is { } refused)
        {
            return refused;
        }

        var body = await RosterApi.BodyAsync(context.Request, PrivacyJsonContext.Default.ErasureRequest);
        var contact = body.Contact ?? string.Empty;
        if (!CitizenFinder.IsContactKey(contact))
        {
            return ChangeGuard.Invalid("contact", "Give the contact key the find answered.");
        }

        var services = context.RequestServices;
        var ct = context.RequestAborted;
        if (await services.GetRequiredService<CitizenFinder>().FindAsync(contact, ct) is not { } found)
        {
            return TypedResults.Problem("Nothing is held about this citizen.", statusCode: StatusCodes.Status404NotFound);
        }

        if (await services.GetRequiredService<CitizenErasure>().HeldAsync(contact, ct) is { Count: > 0 } held)
        {
            return Held(held);
        }

        var requests = services.GetRequiredService<ErasureRequests>();
        if (await requests.OpenForAsync(contact, ct) is { } open)
        {
            return TypedResults.Json(View(open), PrivacyJsonContext.Default.ErasureView);
        }

        var record = await requests.RequestAsync(contact, found.Conversations.Count, agent.Id, ct);
        await services.GetRequiredService<AuditLog>().RecordAsync(
            AuditPartition, agent.Id, "privacy.erase.request", string.Empty, $"request={record.RowKey};conversations={record.Conversations}", ct);
        return TypedResults.Json(View(record), PrivacyJsonContext.Default.ErasureView, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>GET admin/privacy/erasures/{id}</c>: where it stands.</summary>
    public static async Task<IResult> GetErasureAsync(HttpContext context, Agent agent, string id)
    {
        if (Refuse(context, agent, hasBody: false) is { } refused)
        {
            return refused;
        }

        return await context.RequestServices.GetRequiredService<ErasureRequests>().GetAsync(id, context.RequestAborted) is { } record
            ? TypedResults.Json(View(record), PrivacyJsonContext.Default.ErasureView)
            : TypedResults.Problem("No such erasure.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// <c>POST admin/privacy/erasures/{id}/confirm</c>: the second step, by another administrator (<c>{}</c>) or by the
    /// one who asked, typing the phrase (<c>{"phrase":"ERASE 2"}</c>), within 24 hours; then the erasure runs.
    /// </summary>
    public static async Task<IResult> ConfirmErasureAsync(HttpContext context, Agent agent, string id)
    {
        if (Refuse(context, agent, hasBody: true) is { } refused)
        {
            return refused;
        }

        var body = await RosterApi.BodyAsync(context.Request, PrivacyJsonContext.Default.ConfirmErasureRequest);
        var services = context.RequestServices;
        var ct = context.RequestAborted;
        var requests = services.GetRequiredService<ErasureRequests>();
        if (await requests.GetAsync(id, ct) is not { } record)
        {
            return TypedResults.Problem("No such erasure.", statusCode: StatusCodes.Status404NotFound);
        }

        if (record.Phase != ErasurePhases.Requested || requests.IsExpired(record))
        {
            return TypedResults.Problem(
                record.Phase == ErasurePhases.Requested || record.Phase == ErasurePhases.Lapsed ? "The request lapsed (24 hours): request the erasure again." : "The erasure is confirmed already.",
                statusCode: StatusCodes.Status409Conflict);
        }

        if (record.RequestedBy == agent.Id && !string.Equals(body.Phrase?.Trim(), ErasureRequests.Phrase(record), StringComparison.Ordinal))
        {
            return ChangeGuard.Invalid("phrase", $"Another administrator confirms; or type \"{ErasureRequests.Phrase(record)}\" to confirm alone.");
        }

        (record.ConfirmedBy, record.ConfirmedAt) = (agent.Id, services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (!await requests.TrySaveAsync(record, ct))
        {
            return TypedResults.Problem("Someone else confirmed or changed it meanwhile; read it again.", statusCode: StatusCodes.Status409Conflict);
        }

        await services.GetRequiredService<AuditLog>().RecordAsync(
            AuditPartition, agent.Id, "privacy.erase.confirm", string.Empty, $"request={record.RowKey};alone={record.RequestedBy == agent.Id}", ct);
        return await RunAsync(services, agent, record, ct);
    }

    /// <summary><c>POST admin/privacy/erasures/{id}/run</c>: finishes a confirmed erasure a crash or an outage interrupted (nothing for one done).</summary>
    public static async Task<IResult> RunErasureAsync(HttpContext context, Agent agent, string id)
    {
        if (Refuse(context, agent, hasBody: true) is { } refused)
        {
            return refused;
        }

        var services = context.RequestServices;
        if (await services.GetRequiredService<ErasureRequests>().GetAsync(id, context.RequestAborted) is not { } record)
        {
            return TypedResults.Problem("No such erasure.", statusCode: StatusCodes.Status404NotFound);
        }

        return record.ConfirmedBy is null
            ? TypedResults.Problem("The erasure is not confirmed.", statusCode: StatusCodes.Status409Conflict)
            : await RunAsync(services, agent, record, context.RequestAborted);
    }

    private static async Task<IResult> RunAsync(IServiceProvider services, Agent agent, ErasureEntity record, CancellationToken ct)
    {
        try
        {
            var done = await services.GetRequiredService<CitizenErasure>().RunAsync(record, agent.Id, ct);
            return TypedResults.Json(View(done), PrivacyJsonContext.Default.ErasureView);
        }
        catch (LegalHoldException e)
        {
            return Held(e.ConversationIds);
        }
        catch (UnreadableContactException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Held(IReadOnlyList<string> conversations) => TypedResults.Problem(
        $"{conversations.Count} conversation(s) of this citizen are under legal hold: lift the hold first.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["conversations"] = conversations });

    private static ErasureView View(ErasureEntity r) => new(
        r.RowKey, r.Phase, r.Step, r.Conversations, r.RequestedBy, r.RequestedAt, r.ExpiresAt, r.ConfirmedBy, r.ConfirmedAt,
        r.Counts is { } counts ? JsonSerializer.Deserialize(counts, ErasureJsonContext.Default.DictionaryStringInt32) : null,
        r.Phase == ErasurePhases.Requested ? ErasureRequests.Phrase(r) : null);

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

/// <summary>The first step of an erasure: the contact key the find answered.</summary>
internal sealed record ErasureRequest(string? Contact);

/// <summary>The second step: nothing from another administrator; the phrase from the one who asked.</summary>
internal sealed record ConfirmErasureRequest(string? Phrase);

/// <summary>An erasure as the page follows it: no personal data (the contact key is not shown).</summary>
internal sealed record ErasureView(
    string Id, string Phase, string? Step, int Conversations, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt,
    string? ConfirmedBy, DateTimeOffset? ConfirmedAt, IReadOnlyDictionary<string, int>? Counts, string? Phrase);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErasureRequest))]
[JsonSerializable(typeof(ConfirmErasureRequest))]
[JsonSerializable(typeof(ErasureView))]
[JsonSerializable(typeof(FindCitizenRequest))]
[JsonSerializable(typeof(CitizenSummary))]
internal sealed partial class PrivacyJsonContext : JsonSerializerContext;
