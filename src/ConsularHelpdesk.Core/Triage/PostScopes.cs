using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Which posts a cross-post view covers for an agent: <c>mine</c> (every post they may access), <c>duty</c> (the posts
/// a duty officer covers), <c>region</c> (a supervisor's region), <c>all</c> (administrators). Never a post the agent
/// may not access: each set is a subset of <see cref="Agent.CanAccess"/>.
/// </summary>
internal sealed class PostScopes(PostCatalog catalog)
{
    public static readonly string[] Names = ["mine", "duty", "region", "all"];

    /// <returns>The posts in catalogue order, or null when the agent's role may not use the scope.</returns>
    public IReadOnlyList<string>? Posts(Agent agent, string scope) => scope switch
    {
        "mine" => Accessible(agent),
        "duty" => agent.Role is AgentRole.DutyOfficer or AgentRole.Admin ? DutyPosts(agent) : null,
        "region" => agent.Role is AgentRole.Supervisor or AgentRole.Admin ? RegionPosts(agent) : null,
        "all" => agent.Role == AgentRole.Admin ? [.. catalog.Posts.Select(p => p.Id)] : null,
        _ => null,
    };

    /// <summary>
    /// The posts a duty officer covers. Today: the posts they may access (the Agents table lists them); the coverage
    /// roster (issue 10) narrows this to the posts they cover now, here and nowhere else.
    /// </summary>
    public IReadOnlyList<string> DutyPosts(Agent agent) => Accessible(agent);

    /// <summary>
    /// A supervisor's region: the catalogue has no region field, so a region is the list of posts the Agents table
    /// gives the supervisor (or every post with "*").
    /// </summary>
    public IReadOnlyList<string> RegionPosts(Agent agent) => Accessible(agent);

    private List<string> Accessible(Agent agent) => [.. catalog.Posts.Where(p => agent.CanAccess(p.Id)).Select(p => p.Id)];
}
