namespace ConsularHelpdesk.Distress;

/// <summary>
/// What distress detection found in one text: the language it read it in ("nl", "fr", "de", "en"; "unknown" when
/// none), the level (the highest of its matches), the categories found (each once, in list order) and the matches.
/// </summary>
internal sealed record DistressAssessment(string Language, DistressLevel Level, IReadOnlyList<string> Categories, IReadOnlyList<DistressMatch> Matches)
{
    public static DistressAssessment None(string language) => new(language, DistressLevel.None, [], []);
}
