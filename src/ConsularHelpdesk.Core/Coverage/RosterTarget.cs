namespace ConsularHelpdesk.Coverage;

/// <summary>What a shift can be rostered on: a post, a regional hub or the central desk, with its clock and the posts it covers.</summary>
/// <param name="Role">The tier of cover it gives (<see cref="CoverRoles"/>).</param>
/// <param name="Posts">The posts its duty officer covers: the post, the hub's posts, or every rostered post for the central desk.</param>
internal sealed record RosterTarget(string Id, string Role, TimeZoneInfo TimeZone, IReadOnlyList<string> Posts)
{
    /// <summary>
    /// A local wall-clock time of the target's zone as UTC: a time the clocks skip is read as the first minute after
    /// the jump, a time that occurs twice as its first occurrence (as office hours read them).
    /// </summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime;
}
