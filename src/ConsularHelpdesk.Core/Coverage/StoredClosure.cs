namespace ConsularHelpdesk.Coverage;

/// <summary>A closure day an administrator stored for a post (by hand or from an iCalendar import).</summary>
/// <param name="Date">The post's local date.</param>
/// <param name="Note">Why the post is closed (at most <see cref="ClosureStore.MaxNote"/> characters), shown to agents only.</param>
/// <param name="ChangedBy">The agent id of who stored it.</param>
internal sealed record StoredClosure(DateOnly Date, string? Note, string ChangedBy, DateTimeOffset ChangedAt);
