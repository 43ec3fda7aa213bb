using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// Who is told, level by level, when a post's conversation is late: the tiers covering the post at that instant,
/// first line first, then the supervisors of the post (agents with the supervisor role who may access it).
/// </summary>
internal sealed class EscalationLadder(AgentDirectory agents)
{
    public const string SupervisorRole = "supervisor";

    /// <returns>The tiers that have someone in them, in escalation order.</returns>
    public async Task<IReadOnlyList<EscalationTier>> TiersAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var tiers = new List<EscalationTier>();
        var supervisors = (await agents.ListAsync(cancellationToken))
            .Where(a => a.Role == AgentRole.Supervisor && a.CanAccess(postId))
            .Select(a => a.Id)
            .ToList();
        if (supervisors.Count > 0)
        {
            tiers.Add(new EscalationTier(SupervisorRole, supervisors));
        }

        return tiers;
    }

    /// <summary>Whether the agent is on duty for the post now (in one of the tiers the roster gives, supervisors apart).</summary>
    public static bool OnDuty(IReadOnlyList<EscalationTier> tiers, string agentId) =>
        tiers.Where(t => t.Role != SupervisorRole).Any(t => t.AgentIds.Contains(agentId, StringComparer.Ordinal));
}
