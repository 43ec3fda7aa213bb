using System.Collections.Concurrent;
using PublicHoliday;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The public holidays of the countries the <c>PublicHoliday</c> package covers (most of Europe, North America, Japan,
/// Australia…); other countries have none here, and their posts list their closure days in the office-hours data.
/// Each country's year is computed once and kept. Thread-safe.
/// </summary>
internal sealed class HostCountryHolidays
{
    private readonly ConcurrentDictionary<(string Country, int Year), HashSet<DateOnly>> years = new();

    /// <summary>Whether the package knows this country (ISO 3166-1 alpha-2).</summary>
    public static bool Covers(string country) => Calendar(country) is not null;

    public bool IsHoliday(string country, DateOnly date) =>
        years.GetOrAdd((country, date.Year), static key => Compute(key.Country, key.Year)).Contains(date);

    private static HashSet<DateOnly> Compute(string country, int year) =>
        Calendar(country) is { } calendar ? [.. calendar.PublicHolidays(year).Select(DateOnly.FromDateTime)] : [];

    // The package's enum spells codes as "Be"; parse by name only, so that a digit string is not taken for a value.
    private static IPublicHolidays? Calendar(string country) =>
        country.Length == 2 && country.All(char.IsAsciiLetter) && Enum.TryParse<PublicHolidayCountryCode>(country, ignoreCase: true, out var code)
            ? PublicHolidayFactory.GetPublicHolidayForCountry(code)
            : null;
}
