namespace ConsularHelpdesk.Coverage;

/// <summary>
/// One stretch of a day the post is open, in local wall-clock time: from <paramref name="From"/> (inclusive) to
/// <paramref name="To"/> (exclusive, up to 24:00 so that a day can be open to its end).
/// </summary>
internal readonly record struct OpeningSlot(TimeSpan From, TimeSpan To)
{
    public bool Contains(TimeSpan timeOfDay) => From <= timeOfDay && timeOfDay < To;
}
