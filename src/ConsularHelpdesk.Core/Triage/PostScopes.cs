using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Which posts a cross-post view covers for an agent: <c>mine</c> (every post they may access), <c>duty</c> (the posts
/// a duty officer covers now, from the roster), <c>region</c> (a supervisor's region), <c>all</c> (administrators).
/// Never a post the agent may not access: each set is a subset of <see cref="Agent.CanAccess"/>.
/// </summary>
internal sealed class PostScopes(PostCatalog catalog, DutyCover cover, TimeProvider time)
{
    public static readonly string[] Names = ["mine", "duty", "region", "all"];

    /// <returns>The posts in catalogue order, or null when the agent's role may not use the scope.</returns>
    public async Task<IReadOnlyList<string>?> PostsAsync(Agent agent, string scope, CancellationToken cancellationToken) => scope switch
    {
        "duty" => agent.Role is AgentRole.DutyOfficer or AgentRole.Admin ? await DutyPostsAsync(agent, cancellationToken) : null,
        _ => Posts(agent, scope),
    };

    /// <returns>The posts in catalogue order, or null when the agent's role may not use the scope (duty: see <see cref="PostsAsync"/>).</returns>
    public IReadOnlyList<string>? Posts(Agent agent, string scope) => scope switch
    {
        "mine" => Accessible(agent),
        "region" => agent.Role is AgentRole.Supervisor or AgentRole.Admin ? RegionPosts(agent) : null,
        "all" => agent.Role == AgentRole.Admin ? [.. catalog.Posts.Select(p => p.Id)] : null,
        _ => null,
    };

    /// <summary>
    /// The posts a duty officer covers now: those the roster gives them at this instant that are closed
    /// (<see cref="DutyCover.PostsCoveredAsync"/>), and only those. Their own posts are in <c>mine</c>; a post that
    /// opens leaves this list, so its conversations go back to the post's own list.
    /// </summary>
    public async Task<IReadOnlyList<string>> DutyPostsAsync(Agent agent, CancellationToken cancellationToken)
    {
        var covered = await cover.PostsCoveredAsync(agent.Id, time.GetUtcNow(), cancellationToken);
        return [.. covered.Where(agent.CanAccess)];
    }

    /// <summary>
    /// A supervisor's region: the catalogue has no region field, so a region is the list of posts the Agents table
    /// gives the supervisor (or every post with "*").
    /// </summary>
    public IReadOnlyList<string> RegionPosts(Agent agent) => Accessible(agent);

    private List<string> Accessible(Agent agent) => [.. catalog.Posts.Where(p => agent.CanAccess(p.Id)).Select(p => p.Id)];
}
