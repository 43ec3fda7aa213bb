using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// Who is told, level by level, when a post's conversation is late: the tiers of the duty roster covering the post at
/// that instant (<see cref="DutyCover"/>: post duty, regional hub, central desk, first line first), then the
/// supervisors of the post (agents with the supervisor role who may access it; the administrators when it has none, so
/// that the ladder always ends with someone told and the sweep stops looking). Only tiers with someone in them count.
/// </summary>
internal sealed class EscalationLadder(DutyCover cover, AgentDirectory agents)
{
    public const string SupervisorRole = "supervisor";

    /// <summary>The last tier of a post without a supervisor: the administrators.</summary>
    public const string AdminRole = "admin";

    /// <returns>The tiers that have someone in them, in escalation order.</returns>
    public async Task<IReadOnlyList<EscalationTier>> TiersAsync(string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        IReadOnlyList<CoverPerson> covering;
        try
        {
            covering = await cover.CoverAsync(postId, at, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            covering = []; // a post gone from the catalogue: its supervisors still hear of it
        }

        // The roster was checked when each shift was saved; the Agents table may have changed since (an officer
        // demoted, a post taken from them): only people who may still answer for the post are told.
        var everyone = await agents.ListAsync(cancellationToken);
        var current = everyone
            .Where(a => a.Role is AgentRole.DutyOfficer or AgentRole.Admin && a.CanAccess(postId))
            .Select(a => a.Id)
            .ToHashSet(StringComparer.Ordinal);
        var tiers = covering
            .Where(p => current.Contains(p.AgentId))
            .GroupBy(p => p.Role, StringComparer.Ordinal) // groups keep the roster's order: first line first
            .Select(g => new EscalationTier(g.Key, [.. g.Select(p => p.AgentId)]))
            .ToList();
        var supervisors = everyone
            .Where(a => a.Role == AgentRole.Supervisor && a.CanAccess(postId))
            .Select(a => a.Id)
            .ToList();
        if (supervisors.Count > 0)
        {
            tiers.Add(new EscalationTier(SupervisorRole, supervisors));
        }
        else if (everyone.Where(a => a.Role == AgentRole.Admin).Select(a => a.Id).ToList() is { Count: > 0 } admins)
        {
            tiers.Add(new EscalationTier(AdminRole, admins));
        }

        return tiers;
    }

    /// <summary>The order of the tiers (-1 for none told yet): a level tells the first tier ranked above the last one told.</summary>
    public static int Rank(string? role) => role switch
    {
        null => -1,
        "postDuty" => 0,
        "regionalHub" => 1,
        "centralDesk" => 2,
        SupervisorRole or AdminRole => 3,
        _ => 2, // a tier the roster may add later: before the supervisors
    };

    /// <summary>The last rung (the supervisors, or the administrators): once it was told, nobody is left.</summary>
    public static int LastRank => Rank(SupervisorRole);
}
