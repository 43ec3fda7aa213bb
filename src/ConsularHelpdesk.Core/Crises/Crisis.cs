using ConsularHelpdesk.Routing;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// A crisis a supervisor or administrator opened for a jurisdiction: countries (ISO 3166-1 alpha-2) and first-level
/// subdivisions (ISO 3166-2), with the message citizens from there get, in each language. Closing keeps it whole.
/// </summary>
internal sealed record Crisis(
    string Id,
    string Title,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Subdivisions,
    CrisisMessages Messages,
    string OpenedBy,
    string OpenedByName,
    DateTimeOffset OpenedAt,
    string? ClosedBy = null,
    string? ClosedByName = null,
    DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => ClosedAt is null;

    /// <summary>Every code of the jurisdiction: the countries, then the subdivisions.</summary>
    public IEnumerable<string> Areas => Countries.Concat(Subdivisions);

    /// <summary>Whether a citizen at <paramref name="place"/> is in the jurisdiction: their country, or their subdivision.</summary>
    public bool Covers(Place place) =>
        Countries.Contains(place.Country, StringComparer.Ordinal)
        || (place.Subdivision is { } subdivision && Subdivisions.Contains(subdivision, StringComparer.Ordinal));

    /// <summary>Whether two jurisdictions share a country, a subdivision, or a country and one of its subdivisions.</summary>
    public bool Overlaps(IReadOnlyList<string> countries, IReadOnlyList<string> subdivisions) =>
        countries.Any(c => Countries.Contains(c, StringComparer.Ordinal) || Subdivisions.Any(s => s.StartsWith(c + "-", StringComparison.Ordinal)))
        || subdivisions.Any(s => Subdivisions.Contains(s, StringComparer.Ordinal) || Countries.Contains(s[..2], StringComparer.Ordinal));
}

/// <summary>What a crisis tells citizens, in nl, fr, de and en (all four required).</summary>
internal sealed record CrisisMessages(string Nl, string Fr, string De, string En)
{
    /// <summary>The longest message kept per language (a WhatsApp text holds 4,096 characters; a Messenger one 2,000).</summary>
    public const int MaxLength = 2000;

    /// <summary>The message in the citizen's language, English when it is none of the four.</summary>
    public string For(string? language) => language switch
    {
        "nl" => Nl,
        "fr" => Fr,
        "de" => De,
        _ => En,
    };
}
