namespace ConsularHelpdesk.Coverage;

/// <summary>
/// One shift of the duty roster: an agent covers a target (a post id, a hub id or "central") from
/// <paramref name="Start"/> to <paramref name="End"/> (UTC, end excluded), entered as local times of the target's zone.
/// </summary>
/// <param name="Id">The shift's id, which holds its storage partition (<see cref="RosterKeys"/>).</param>
/// <param name="AgentName">The agent's name when the shift was saved: cover reads need no directory read.</param>
/// <param name="LocalStart">The start as entered, the target zone's wall clock.</param>
/// <param name="LocalEnd">The end as entered, the target zone's wall clock.</param>
internal sealed record RosterShift(
    string Id,
    string AgentId,
    string AgentName,
    string Target,
    DateTime LocalStart,
    DateTime LocalEnd,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? Note)
{
    public bool Covers(DateTimeOffset instant) => Start <= instant && instant < End;

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start < to && from < End;
}
