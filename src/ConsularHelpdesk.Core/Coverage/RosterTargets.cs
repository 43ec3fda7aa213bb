using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>Resolves a roster target id: a post that gives consular help, a regional hub, or "central".</summary>
internal sealed class RosterTargets(PostCatalog catalog, OfficeHoursCalendar calendar, RegionalHubs hubs, CoverRules rules)
{
    /// <summary>The target, or null when the id is none of them.</summary>
    public RosterTarget? Find(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (id == Routing.Posts.Central)
        {
            return new RosterTarget(id, CoverRoles.CentralDesk, calendar.For(id).TimeZone, rules.RosteredPosts);
        }

        if (hubs.TryGet(id, out var hub))
        {
            return new RosterTarget(id, CoverRoles.RegionalHub, hub.TimeZone, hub.Posts);
        }

        return catalog.TryGet(id, out var post) && post.ConsularHelp
            ? new RosterTarget(id, CoverRoles.PostDuty, calendar.For(id).TimeZone, [id])
            : null;
    }
}
