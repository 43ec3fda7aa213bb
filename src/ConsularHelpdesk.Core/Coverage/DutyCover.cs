namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Who covers a post at an instant, and which posts an agent covers then: the roster (<see cref="DutyRoster"/>, one
/// marker read while nothing changed) read through <see cref="CoverRules"/>. Callers pass the instant
/// (<see cref="TimeProvider.GetUtcNow"/>), tests any instant they like.
/// </summary>
internal sealed class DutyCover(DutyRoster roster, CoverRules rules)
{
    /// <summary>The people on shift for the post at that instant, post duty officers first, then regional hubs, then the central desk.</summary>
    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public async Task<IReadOnlyList<CoverPerson>> CoverAsync(string postId, DateTimeOffset at, CancellationToken ct)
    {
        var shifts = await roster.ShiftsAsync(at, at.AddTicks(1), ct);
        return rules.Cover(shifts, postId, at);
    }

    /// <summary>
    /// The posts this agent covers at that instant and that are closed then; through a central-desk shift, the closed
    /// posts that have no post-duty or hub cover at that instant.
    /// </summary>
    public async Task<IReadOnlyList<string>> PostsCoveredAsync(string agentId, DateTimeOffset at, CancellationToken ct)
    {
        var shifts = await roster.ShiftsAsync(at, at.AddTicks(1), ct);
        return rules.PostsCovered(shifts, agentId, at);
    }
}
