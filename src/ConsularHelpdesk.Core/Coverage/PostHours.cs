namespace ConsularHelpdesk.Coverage;

/// <summary>A post's week, zone and closures, as resolved from the office-hours data (post row, else country row, else the default week).</summary>
/// <param name="Country">The host country (ISO 3166-1 alpha-2) whose public holidays close the post.</param>
/// <param name="PublicHolidays">False when the post works on the host country's public holidays.</param>
/// <param name="Week">The slots of each weekday, ordered and not overlapping; a day without slots is closed.</param>
/// <param name="Closures">The post's own closure days, local dates.</param>
internal sealed record PostHours(
    TimeZoneInfo TimeZone,
    string Country,
    bool PublicHolidays,
    IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningSlot>> Week,
    IReadOnlySet<DateOnly> Closures)
{
    public IReadOnlyList<OpeningSlot> SlotsOn(DayOfWeek day) => Week.TryGetValue(day, out var slots) ? slots : [];
}
