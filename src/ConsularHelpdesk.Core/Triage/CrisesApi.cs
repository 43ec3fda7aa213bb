using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

internal sealed record CrisisMessagesBody(string? Nl, string? Fr, string? De, string? En);

internal sealed record OpenCrisisRequest(string? Title, IReadOnlyList<string>? Countries, IReadOnlyList<string>? Subdivisions, CrisisMessagesBody? Messages);

internal sealed record CrisisView(
    string Id, string Title, IReadOnlyList<string> Countries, IReadOnlyList<string> Subdivisions, CrisisMessages Messages, bool Open,
    string OpenedBy, string OpenedByName, DateTimeOffset OpenedAt, string? ClosedBy, string? ClosedByName, DateTimeOffset? ClosedAt,
    CrisisDashboard? Dashboard = null, int? TaggedAtOpen = null, bool? MoreQueuedAtOpen = null);

internal sealed record CrisisListView(IReadOnlyList<CrisisView> Crises);

internal sealed record CrisisConversationView(
    string Id, string Post, string Channel, string Level, string State, DateTimeOffset? WaitingSince, DateTimeOffset LastActivityAt, string? Area, string? Preview);

/// <summary>A country or subdivision the agent may open a crisis for, and the posts that serve it.</summary>
internal sealed record CrisisAreaView(string Code, IReadOnlyList<CrisisAreaPost> Posts);

internal sealed record CrisisAreaPost(string Id, string City);

/// <summary>What the crisis form offers: the countries of the jurisdiction map, and the subdivisions of its split countries, that the agent may open a crisis for.</summary>
internal sealed record CrisisAreasView(IReadOnlyList<CrisisAreaView> Countries, IReadOnlyList<CrisisAreaView> Subdivisions);

/// <param name="Total">Every conversation of the crisis the agent may see (the list shows a page of them).</param>
/// <param name="Next">Where the next page starts (<c>?after=</c>); null on the last page.</param>
internal sealed record CrisisConversationsView(string CrisisId, int Total, IReadOnlyList<CrisisConversationView> Conversations, string? Next);

/// <summary>
/// <c>/api/triage/crises</c>: supervisors (for the areas their posts serve) and administrators open a crisis for
/// countries or subdivisions with a title and a message in each language, close it, list and read them; the crisis's
/// conversations (level first, a page at a time) and its dashboard counts, read from the counter and index rows of the
/// crisis's own partition (a few rows whatever its size). Opening and closing are audited; the lists, polled by the
/// dashboard, are not (as the post lists are not: opening a conversation is).
/// </summary>
internal static class CrisesApi
{
    public const int MaxTitle = 200;
    public const int MaxAreas = 50;

    private const string AuditPartition = "crisis";

    public static async Task<IResult> ListAsync(HttpContext context, Agent agent)
    {
        if (RefuseRole(agent) is { } refused)
        {
            return refused;
        }

        var crises = await context.RequestServices.GetRequiredService<CrisisStore>().ListAsync(context.RequestAborted);
        return TypedResults.Json(new CrisisListView([.. crises.Select(c => View(c))]), CrisesJsonContext.Default.CrisisListView);
    }

    /// <summary>
    /// <c>GET crises/areas</c>: the areas the agent may open a crisis for, by the rule opening applies
    /// (<see cref="MayManage"/>): an administrator every country the jurisdiction map names and every subdivision of
    /// its split countries; a supervisor those whose serving posts are all theirs. From the map in memory: no storage call.
    /// </summary>
    public static IResult Areas(HttpContext context, Agent agent)
    {
        if (RefuseRole(agent) is { } refused)
        {
            return refused;
        }

        var catalog = context.RequestServices.GetRequiredService<PostCatalog>();
        var countries = catalog.Countries
            .Where(c => MayManage(agent, [c], [], catalog))
            .Select(c => new CrisisAreaView(c, [.. catalog.ServingCountry(c).Select(Ref)]));
        var subdivisions = catalog.Subdivisions
            .Where(s => MayManage(agent, [], [s], catalog))
            .Select(s => new CrisisAreaView(s, [Ref(catalog.Responsible(new Place(s[..2], s)))]));
        return TypedResults.Json(new CrisisAreasView([.. countries], [.. subdivisions]), CrisesJsonContext.Default.CrisisAreasView);

        static CrisisAreaPost Ref(Post post) => new(post.Id, post.City);
    }

    public static async Task<IResult> GetAsync(HttpContext context, Agent agent, string id)
    {
        if (RefuseRole(agent) is { } refused)
        {
            return refused;
        }

        var services = context.RequestServices;
        if (await services.GetRequiredService<CrisisStore>().GetAsync(id, context.RequestAborted) is not { } crisis)
        {
            return NotFound();
        }

        var dashboard = await services.GetRequiredService<CrisisQueries>().DashboardAsync(crisis.Id, context.RequestAborted);
        return TypedResults.Json(View(crisis) with { Dashboard = dashboard }, CrisesJsonContext.Default.CrisisView);
    }

    /// <summary>
    /// A page of the crisis's conversations the agent may see (<see cref="CrisisQueries.PageSize"/>), level first
    /// (critical, urgent, elevated), then waiting before answered before closed, the longest waiting first, then the
    /// newest; <c>after</c> = the <c>next</c> of the page before.
    /// </summary>
    public static async Task<IResult> ConversationsAsync(HttpContext context, Agent agent, string id, string? after)
    {
        if (RefuseRole(agent) is { } refused)
        {
            return refused;
        }

        if (after is not null && !CrisisKeys.IsOrder(after))
        {
            return ChangeGuard.Invalid("after", "Give the next of the page before, as it came.");
        }

        var services = context.RequestServices;
        if (await services.GetRequiredService<CrisisStore>().GetAsync(id, context.RequestAborted) is not { } crisis)
        {
            return NotFound();
        }

        var page = await services.GetRequiredService<CrisisQueries>().PageAsync(crisis.Id, agent.CanAccess, after, context.RequestAborted);
        var rows = page.Conversations
            .Select(r => new CrisisConversationView(r.ConversationId, r.PostId, r.Channel, r.Level, r.State, r.WaitingSince, r.LastActivityAt, r.Area, r.Preview))
            .ToList();
        return TypedResults.Json(new CrisisConversationsView(crisis.Id, page.Total, rows, page.Next), CrisesJsonContext.Default.CrisisConversationsView);
    }

    public static async Task<IResult> OpenAsync(HttpContext context, Agent agent)
    {
        if (RefuseRole(agent) is { } refused)
        {
            return refused;
        }

        OpenCrisisRequest? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync(CrisesJsonContext.Default.OpenCrisisRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The JSON body is not valid: send {\"title\", \"countries\", \"subdivisions\", \"messages\": {\"nl\", \"fr\", \"de\", \"en\"}}.", statusCode: StatusCodes.Status400BadRequest);
        }

        var services = context.RequestServices;
        var catalog = services.GetRequiredService<PostCatalog>();
        if (Validate(body, catalog) is { } invalid)
        {
            return invalid;
        }

        var (title, countries, subdivisions, messages) = Normalized(body!);
        if (!MayManage(agent, countries, subdivisions, catalog))
        {
            return TypedResults.Problem("Supervisors open crises only for areas their own posts serve.", statusCode: StatusCodes.Status403Forbidden);
        }

        var (crisis, conflict) = await services.GetRequiredService<CrisisStore>().OpenAsync(title, countries, subdivisions, messages, agent.Id, agent.Name, context.RequestAborted);
        if (crisis is null)
        {
            return TypedResults.Problem($"An open crisis ({conflict}) covers that area already: close it first, or open this one for other areas.", statusCode: StatusCodes.Status409Conflict);
        }

        // Before any conversation is tagged: every row of the crisis is counted as it is written, never recounted.
        await services.GetRequiredService<CrisisConversations>().MarkCountedAsync(crisis.Id, context.RequestAborted);

        await services.GetRequiredService<AuditLog>().RecordAsync(AuditPartition, agent.Id, "crisis.open", string.Empty, $"{crisis.Id}: {string.Join(',', crisis.Areas)}", context.RequestAborted);
        await services.GetRequiredService<OpenCrises>().RefreshAsync(context.RequestAborted, force: true);
        var (tagged, moreQueued) = await services.GetRequiredService<CrisisTagging>().StartAsync(crisis, context.RequestAborted);
        return TypedResults.Json(View(crisis) with { TaggedAtOpen = tagged, MoreQueuedAtOpen = moreQueued }, CrisesJsonContext.Default.CrisisView, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> CloseAsync(HttpContext context, Agent agent, string id)
    {
        if (RefuseRole(agent) is { } refused)
        {
            return refused;
        }

        var services = context.RequestServices;
        var store = services.GetRequiredService<CrisisStore>();
        if (await store.GetAsync(id, context.RequestAborted) is not { } crisis)
        {
            return NotFound();
        }

        if (!MayManage(agent, crisis.Countries, crisis.Subdivisions, services.GetRequiredService<PostCatalog>()))
        {
            return TypedResults.Problem("Supervisors close crises only of areas their own posts serve.", statusCode: StatusCodes.Status403Forbidden);
        }

        var closed = await store.CloseAsync(id, agent.Id, agent.Name, context.RequestAborted);
        if (closed is null)
        {
            return NotFound();
        }

        await services.GetRequiredService<AuditLog>().RecordAsync(AuditPartition, agent.Id, "crisis.close", string.Empty, closed.Id, context.RequestAborted);
        await services.GetRequiredService<OpenCrises>().RefreshAsync(context.RequestAborted, force: true);
        return TypedResults.Json(View(closed), CrisesJsonContext.Default.CrisisView);
    }

    private static ProblemHttpResult? RefuseRole(Agent agent) =>
        agent.Role is AgentRole.Admin or AgentRole.Supervisor
            ? null
            : TypedResults.Problem("Only supervisors and administrators manage crises.", statusCode: StatusCodes.Status403Forbidden);

    private static ProblemHttpResult NotFound() => TypedResults.Problem("No such crisis.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Administrators everywhere; a supervisor where every post serving each area is one of theirs.</summary>
    internal static bool MayManage(Agent agent, IReadOnlyList<string> countries, IReadOnlyList<string> subdivisions, PostCatalog catalog) =>
        agent.Role == AgentRole.Admin
        || (countries.All(c => catalog.ServingCountry(c) is { Count: > 0 } posts && posts.All(p => agent.CanAccess(p.Id)))
            && subdivisions.All(s => agent.CanAccess(catalog.Responsible(new Place(s[..2], s)).Id)));

    private static IResult? Validate(OpenCrisisRequest? body, PostCatalog catalog)
    {
        if (body is null)
        {
            return ChangeGuard.Invalid("title", "Send the crisis as JSON.");
        }

        if (string.IsNullOrWhiteSpace(body.Title) || body.Title.Trim().Length > MaxTitle || body.Title.Any(char.IsControl))
        {
            return ChangeGuard.Invalid("title", $"Give a title of one line, at most {MaxTitle} characters.");
        }

        var countries = body.Countries ?? [];
        var subdivisions = body.Subdivisions ?? [];
        if (countries.Count + subdivisions.Count is 0 or > MaxAreas)
        {
            return ChangeGuard.Invalid("countries", $"Give between 1 and {MaxAreas} countries and subdivisions in all.");
        }

        foreach (var country in countries)
        {
            if (ConversationArea.Parse(country) is not { Subdivision: null } place || !IsCountry(catalog, place.Country))
            {
                return ChangeGuard.Invalid("countries", $"'{Shorten(country)}' is no country (ISO 3166-1 alpha-2, such as TR).");
            }
        }

        foreach (var subdivision in subdivisions)
        {
            if (ConversationArea.Parse(subdivision) is not { Subdivision: not null } place || !IsCountry(catalog, place.Country)
                || (catalog.IsSplit(place.Country) && !catalog.Knows(place)))
            {
                return ChangeGuard.Invalid("subdivisions", $"'{Shorten(subdivision)}' is no first-level subdivision (ISO 3166-2, such as BR-RS).");
            }
        }

        var messages = body.Messages;
        foreach (var (field, text) in new[] { ("nl", messages?.Nl), ("fr", messages?.Fr), ("de", messages?.De), ("en", messages?.En) })
        {
            if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > CrisisMessages.MaxLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                return ChangeGuard.Invalid($"messages.{field}", $"Give the message in this language, at most {CrisisMessages.MaxLength} characters.");
            }
        }

        return null;
    }

    private static bool IsCountry(PostCatalog catalog, string country) => catalog.IsSplit(country) || catalog.Knows(new Place(country));

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 12 ? text : text[..12] + "…";

    private static (string Title, string[] Countries, string[] Subdivisions, CrisisMessages Messages) Normalized(OpenCrisisRequest body) => (
        body.Title!.Trim(),
        [.. (body.Countries ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)],
        [.. (body.Subdivisions ?? []).Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal)],
        new CrisisMessages(body.Messages!.Nl!.Trim(), body.Messages.Fr!.Trim(), body.Messages.De!.Trim(), body.Messages.En!.Trim()));

    private static CrisisView View(Crisis c) => new(
        c.Id, c.Title, c.Countries, c.Subdivisions, c.Messages, c.IsOpen, c.OpenedBy, c.OpenedByName, c.OpenedAt, c.ClosedBy, c.ClosedByName, c.ClosedAt);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenCrisisRequest))]
[JsonSerializable(typeof(CrisisView))]
[JsonSerializable(typeof(CrisisListView))]
[JsonSerializable(typeof(CrisisAreasView))]
[JsonSerializable(typeof(CrisisConversationsView))]
internal sealed partial class CrisesJsonContext : JsonSerializerContext;
