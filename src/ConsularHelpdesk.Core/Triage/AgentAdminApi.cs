using System.Text.RegularExpressions;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// <c>/api/triage/admin/agents</c>: administrators add and edit agents, duty officers included (outside Development
/// nothing else can); supervisors and administrators list them to pick people for the roster. Every field is bounded
/// and validated, a bad one is a 400 naming it; every save is audited with ids only.
/// </summary>
internal static partial class AgentAdminApi
{
    public const int MaxIdLength = 128;

    public const int MaxNameLength = 100;

    public const int MaxPosts = 200;

    private static readonly string[] Languages = ["nl", "fr", "de", "en"];

    /// <summary><c>GET admin/agents</c>: every agent for administrators, those who serve a post of their region for supervisors (the Agents table is one small partition).</summary>
    public static async Task<IResult> ListAsync(HttpContext context, Agent agent)
    {
        if (agent.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return TypedResults.Problem("Only supervisors and administrators list the agents.", statusCode: StatusCodes.Status403Forbidden);
        }

        // A supervisor sees the people who could be rostered in their region (who serve one of its posts), not the
        // whole ministry; an administrator sees everyone.
        var agents = (await context.RequestServices.GetRequiredService<AgentDirectory>().ListAsync(context.RequestAborted))
            .Where(a => agent.Role == AgentRole.Admin || a.Role == AgentRole.Admin || a.Posts.Contains(Agent.AllPosts) || a.Posts.Any(agent.CanAccess));
        return TypedResults.Json<IReadOnlyList<AgentView>>([.. agents.OrderBy(a => a.Id, StringComparer.Ordinal).Select(View)], RosterJsonContext.Default.IReadOnlyListAgentView);
    }

    /// <summary><c>GET admin/agents/{id}</c>, for administrators.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, Agent agent, string id)
    {
        if (agent.Role != AgentRole.Admin)
        {
            return TypedResults.Problem("Only administrators see and edit agents.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!AgentId().IsMatch(id))
        {
            return ChangeGuard.Invalid("id", IdRule);
        }

        return await context.RequestServices.GetRequiredService<AgentDirectory>().FindAsync(id, context.RequestAborted) is { } found
            ? TypedResults.Json(View(found), RosterJsonContext.Default.AgentView)
            : TypedResults.Problem("No agent has this id.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary><c>PUT admin/agents/{id}</c>: creates or replaces the agent, for administrators.</summary>
    public static async Task<IResult> PutAsync(HttpContext context, Agent agent, string id)
    {
        if (ChangeGuard.Refuse(context, hasBody: true) is { } refused)
        {
            return refused;
        }

        if (agent.Role != AgentRole.Admin)
        {
            return TypedResults.Problem("Only administrators add and edit agents.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!AgentId().IsMatch(id))
        {
            return ChangeGuard.Invalid("id", IdRule);
        }

        var body = await RosterApi.BodyAsync(context.Request, RosterJsonContext.Default.AgentRequest);
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return ChangeGuard.Invalid("name", $"Give a name of 1 to {MaxNameLength} characters.");
        }

        if (!Enum.TryParse<AgentRole>(body.Role, ignoreCase: true, out var role) || !body.Role!.All(char.IsAsciiLetter))
        {
            return ChangeGuard.Invalid("role", "The role is agent, dutyOfficer, supervisor or admin.");
        }

        var catalog = context.RequestServices.GetRequiredService<PostCatalog>();
        var posts = (body.Posts ?? []).Select(p => p?.Trim() ?? "").ToList();
        if (posts.Count > MaxPosts || posts.Any(p => p != Agent.AllPosts && !catalog.TryGet(p, out _)))
        {
            return ChangeGuard.Invalid("posts", $"Give at most {MaxPosts} post ids of the catalogue, or \"*\" for every post.");
        }

        var language = body.Language?.Trim() ?? "";
        if (!Languages.Contains(language))
        {
            return ChangeGuard.Invalid("language", "The language is nl, fr, de or en.");
        }

        var saved = new Agent(id, name, role, [.. posts.Distinct(StringComparer.Ordinal)], language);
        await context.RequestServices.GetRequiredService<AgentDirectory>().SaveAsync(saved, context.RequestAborted);
        await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            "agents", agent.Id, "agent.save", id, $"role={role};posts={string.Join(',', saved.Posts)}", context.RequestAborted);
        return TypedResults.Json(View(saved), RosterJsonContext.Default.AgentView);
    }

    private const string IdRule = "An agent id is 1 to 128 letters, digits, '.', '_', '-' or '@' (the Entra ID object id in Azure).";

    private static AgentView View(Agent a) => new(a.Id, a.Name, a.Role, a.Posts, a.Language);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex AgentId();
}
