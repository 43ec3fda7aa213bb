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
    /// How far back <see cref="NextDayAsync"/> looks at least for where a gap under way began, so that a gap keeps one
    /// start (what the daily alert knows it by) whichever day's check meets it.
    /// </summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(7);

    /// <summary>
    /// The gaps that lie in the next 24 hours from now, for every rostered post, each from where it really begins. The
    /// look-back runs from the Monday 00:00 UTC at or before <see cref="LookBack"/> ago, not from a moving instant: a gap
    /// that began before that is cut there, so its start stays the same for a week of daily checks and moves on a
    /// Monday (the daily alert then recalls it once a week instead of every day).
    /// </summary>
    public async Task<IReadOnlyList<CoverGap>> NextDayAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var gaps = await FindAsync(LookBackFrom(now), now.AddDays(1), null, ct);
        return [.. gaps.Where(g => g.To > now)];
    }

    /// <summary>The Monday 00:00 UTC at or before <paramref name="now"/> minus <see cref="LookBack"/>.</summary>
    internal static DateTimeOffset LookBackFrom(DateTimeOffset now)
    {
        var day = (now - LookBack).UtcDateTime.Date;
        return new DateTimeOffset(day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), TimeSpan.Zero);
    }
}
