namespace ConsularHelpdesk.Targets;

/// <summary>One rung of the escalation ladder: the people told at one level, and why them.</summary>
/// <param name="Role">postDuty, regionalHub, centralDesk (the roster's tiers) or supervisor.</param>
internal sealed record EscalationTier(string Role, IReadOnlyList<string> AgentIds);
