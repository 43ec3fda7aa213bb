namespace ConsularHelpdesk.Coverage;

/// <summary>
/// A group of posts whose nights and weekends one duty officer covers (<c>Coverage/Data/hubs.json</c>): rostered like
/// a post, in its own time zone.
/// </summary>
/// <param name="Id">A slug that no post uses ("hub-southeast-asia").</param>
/// <param name="Names">The hub's name in nl, fr, de and en.</param>
/// <param name="Posts">The posts it covers, in file order.</param>
internal sealed record RegionalHub(string Id, IReadOnlyDictionary<string, string> Names, TimeZoneInfo TimeZone, IReadOnlyList<string> Posts);
