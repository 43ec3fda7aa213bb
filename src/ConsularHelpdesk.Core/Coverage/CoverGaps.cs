namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The gap check: for a window and a set of posts, the stretches in which a post is closed and nobody covers it (no
/// post duty, no hub, no central desk shift), merged, UTC. Reads the roster of the window once.
/// </summary>
internal sealed class CoverGaps(DutyRoster roster, CoverRules rules, ClosedTime closedTime, TimeProvider time)
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
        return Find(shifts, posts ?? rules.RosteredPosts, from, to);
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

    /// <summary>The gaps, given the shifts that overlap the window.</summary>
    public IReadOnlyList<CoverGap> Find(IReadOnlyList<RosterShift> shifts, IEnumerable<string> posts, DateTimeOffset from, DateTimeOffset to)
    {
        var gaps = new List<CoverGap>();
        foreach (var post in posts)
        {
            var cover = shifts.Where(s => rules.Tier(s.Target, post) is not null).Select(s => (s.Start, s.End)).ToList();
            foreach (var (closedFrom, closedTo) in closedTime.Between(post, from, to))
            {
                gaps.AddRange(Subtract(closedFrom, closedTo, cover).Select(g => new CoverGap(post, g.From, g.To)));
            }
        }

        return gaps;
    }

    // [from, to) minus the union of the shifts, as ordered, disjoint stretches.
    private static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Subtract(DateTimeOffset from, DateTimeOffset to, List<(DateTimeOffset Start, DateTimeOffset End)> cover)
    {
        var at = from;
        foreach (var (start, end) in cover.Where(c => c.Start < to && c.End > from).OrderBy(c => c.Start))
        {
            if (start > at)
            {
                yield return (at, start);
            }

            if (end > at)
            {
                at = end;
            }

            if (at >= to)
            {
                yield break;
            }
        }

        if (at < to)
        {
            yield return (at, to);
        }
    }
}
