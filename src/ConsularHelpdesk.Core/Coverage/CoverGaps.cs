namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The gap check: for a window and a set of posts, the stretches in which a post is closed and nobody covers it (no
/// post duty, no hub, no central desk shift), merged, UTC. Reads the roster of the window once.
/// </summary>
internal sealed class CoverGaps(DutyRoster roster, CoverRules rules, TimeProvider time)
{
    /// <summary>The longest window one check looks at (it reads one roster partition per week).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(35);

    /// <summary>The gaps of [from, to) for <paramref name="posts"/> (every rostered post when null), by post then time.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is empty or longer than <see cref="MaxWindow"/>.</exception>
    public async Task<IReadOnlyList<CoverGap>> FindAsync(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string>? posts, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to - from, MaxWindow);
        var shifts = await roster.ShiftsAsync(from, to, ct);
        return rules.Gaps(shifts, posts ?? rules.RosteredPosts, from, to);
    }

    /// <summary>
    /// The gaps of the next 24 hours from now, for every rostered post: what the daily alert to supervisors sends
    /// (the hook for the notifications; nothing calls it on a timer yet).
    /// </summary>
    public Task<IReadOnlyList<CoverGap>> NextDayAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return FindAsync(now, now.AddDays(1), null, ct);
    }
}
