using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Who covers what, given the shifts: pure functions of the shifts and the instant, so that <see cref="DutyCover"/>
/// and <see cref="CoverGaps"/> read storage once and the rules are tested without it. A post is covered by whoever is
/// on shift on the post itself, on a regional hub containing it, or on the central desk (the last line, every post).
/// </summary>
internal sealed class CoverRules(PostCatalog catalog, RegionalHubs hubs, OfficeHours hours, ClosedTime closedTime)
{
    /// <summary>The posts the roster is about: every post that gives consular help, except the central desk (open 24/7).</summary>
    public IReadOnlyList<string> RosteredPosts { get; } =
        [.. catalog.Posts.Where(p => p.ConsularHelp && p.Id != Routing.Posts.Central).Select(p => p.Id)];

    /// <summary>The tier of cover <paramref name="target"/> gives <paramref name="postId"/>, or null when it does not cover it.</summary>
    public string? Tier(string target, string postId) =>
        target == postId && postId != Routing.Posts.Central ? CoverRoles.PostDuty
        : target == Routing.Posts.Central ? CoverRoles.CentralDesk
        : hubs.TryGet(target, out var hub) && hub.Posts.Contains(postId, StringComparer.Ordinal) ? CoverRoles.RegionalHub
        : null;

    /// <summary>The people on shift for the post at the instant: post duty, then hubs, then the central desk; each agent once, at their first tier.</summary>
    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public IReadOnlyList<CoverPerson> Cover(IEnumerable<RosterShift> shifts, string postId, DateTimeOffset at)
    {
        if (!catalog.TryGet(postId, out _))
        {
            throw new KeyNotFoundException($"No post with id '{postId}'.");
        }

        return [.. shifts
            .Where(s => s.Covers(at))
            .Select(s => (Shift: s, Tier: Tier(s.Target, postId)))
            .Where(c => c.Tier is not null)
            .OrderBy(c => Rank(c.Tier!))
            .ThenByDescending(c => c.Shift.End)
            .ThenBy(c => c.Shift.AgentId, StringComparer.Ordinal)
            .DistinctBy(c => c.Shift.AgentId, StringComparer.Ordinal)
            .Select(c => new CoverPerson(c.Shift.AgentId, c.Shift.AgentName, c.Tier!, c.Shift.End))];
    }

    /// <summary>
    /// The posts the agent covers at the instant and that are closed then, in catalogue order. Through a central-desk
    /// shift, only the closed posts that have no post-duty or hub cover at that instant: the central desk is the last line.
    /// </summary>
    public IReadOnlyList<string> PostsCovered(IReadOnlyList<RosterShift> shifts, string agentId, DateTimeOffset at)
    {
        var running = shifts.Where(s => s.Covers(at)).ToList();
        var mine = running.Where(s => s.AgentId == agentId).Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
        if (mine.Count == 0)
        {
            return [];
        }

        var central = mine.Contains(Routing.Posts.Central);
        return [.. RosteredPosts.Where(post =>
            !hours.IsOpen(post, at)
            && (mine.Any(t => Tier(t, post) is CoverRoles.PostDuty or CoverRoles.RegionalHub)
                || (central && !running.Any(s => Tier(s.Target, post) is CoverRoles.PostDuty or CoverRoles.RegionalHub))))];
    }

    /// <summary>The stretches of [from, to) in which a post of <paramref name="posts"/> is closed and no shift covers it, merged, by post then time.</summary>
    public IReadOnlyList<CoverGap> Gaps(IReadOnlyList<RosterShift> shifts, IEnumerable<string> posts, DateTimeOffset from, DateTimeOffset to)
    {
        var gaps = new List<CoverGap>();
        foreach (var post in posts)
        {
            var cover = shifts.Where(s => Tier(s.Target, post) is not null).Select(s => (s.Start, s.End)).ToList();
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

    private static int Rank(string tier) => tier switch
    {
        CoverRoles.PostDuty => 0,
        CoverRoles.RegionalHub => 1,
        _ => 2,
    };
}
