namespace ConsularHelpdesk.Coverage;

/// <summary>Someone on shift for a post at an instant, and until when (the end of their shift, UTC).</summary>
/// <param name="Role">How they cover it, <see cref="CoverRoles"/>: "postDuty", "regionalHub" or "centralDesk" (first line first).</param>
internal sealed record CoverPerson(string AgentId, string Name, string Role, DateTimeOffset Until);
