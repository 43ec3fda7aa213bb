using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Distress;

/// <summary>
/// A phrase of a list as words to match: folded as routing folds text (<see cref="TextNormalizer"/>: lower case,
/// accents removed, apostrophes and hyphens separate words). A word ending in <c>*</c> matches every word that starts
/// with it ("verhaft*": verhaftet, Verhaftung); <c>...</c> between two words lets up to <see cref="MaxGap"/> words
/// of the same sentence stand between them ("passport ... stolen": "passport and money were stolen").
/// </summary>
internal sealed record PhrasePattern(IReadOnlyList<PhraseWord> Words)
{
    public const string GapMarker = "...";
    public const int MaxGap = 3;
    public const int MinPrefix = 3;

    /// <summary>Parses a phrase, or says in <paramref name="error"/> why it is not one.</summary>
    public static PhrasePattern? Parse(string? phrase, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(phrase))
        {
            error = "empty phrase";
            return null;
        }

        var words = new List<PhraseWord>();
        var gapBefore = false;
        foreach (var part in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == GapMarker)
            {
                if (words.Count == 0 || gapBefore)
                {
                    error = $"'{GapMarker}' must stand between two words";
                    return null;
                }

                gapBefore = true;
                continue;
            }

            var prefix = part.EndsWith('*');
            var tokens = TextNormalizer.Tokenize(prefix ? part[..^1] : part);
            if (tokens.Count == 0 || (prefix && part[..^1].Contains('*', StringComparison.Ordinal)) || (!prefix && part.Contains('*', StringComparison.Ordinal)))
            {
                error = $"'{part}' is not a word ('*' only at the end of a word)";
                return null;
            }

            for (var i = 0; i < tokens.Count; i++)
            {
                var last = i == tokens.Count - 1;
                if (last && prefix && tokens[i].Norm.Length < MinPrefix)
                {
                    error = $"'{part}': a word with '*' needs at least {MinPrefix} letters before it";
                    return null;
                }

                words.Add(new PhraseWord(tokens[i].Norm, last && prefix, i == 0 && gapBefore));
            }

            gapBefore = false;
        }

        if (gapBefore)
        {
            error = $"'{GapMarker}' must stand between two words";
            return null;
        }

        if (words.Count == 0)
        {
            error = "empty phrase";
            return null;
        }

        return new PhrasePattern(words);
    }
}

/// <summary>One word of a phrase: its folded form, whether it is a prefix, whether a gap may stand before it.</summary>
internal readonly record struct PhraseWord(string Norm, bool IsPrefix, bool GapBefore)
{
    public string Key => IsPrefix ? Norm + "*" : Norm;
}
