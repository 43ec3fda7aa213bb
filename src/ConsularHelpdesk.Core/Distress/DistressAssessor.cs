using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Distress;

/// <summary>
/// Scores a citizen's text against the phrase lists (<see cref="DistressPhraseLists"/>): a hand-written matcher
/// (<see cref="PhraseIndex"/>), since no phrase-matching or distress library exists for this project. The text is
/// folded and split into words as routing does (<see cref="TextNormalizer"/>); the language is the one given, else the
/// detected one (<see cref="LanguageDetector"/>), else every list is tried and the one that finds most wins.
/// Then, in this order:
/// <list type="bullet">
/// <item>a false positive ("visa medical", "passport photo") takes its words away from every distress phrase;</item>
/// <item>a negation ending at most <see cref="NegationWindow"/> words before a phrase, in the same clause, denies it
/// ("I was not arrested", "pas été arrêté", "nicht verhaftet", "niet gearresteerd");</item>
/// <item>a reported-speech cue ("the news", "j'ai lu") makes its sentence an account of others: its matches count as
/// elevated at most (only its own sentence: "I saw the news. My son was arrested." stays urgent, since missing
/// distress costs more than raising a question);</item>
/// <item>a phrase inside a longer one counts once, as the longer one ("sexually assaulted" is not also an assault,
/// "rapatrier le corps" no evacuation); two categories on the same words both count.</item>
/// </list>
/// The level is the highest match's; the categories are listed once each, in <see cref="DistressCategories.All"/>'s
/// order; a match records the list's phrase and where it stands, never the citizen's words. Pure and thread-safe.
/// </summary>
internal sealed class DistressAssessor(DistressPhraseLists lists) : IDistressAssessor
{
    /// <summary>Only the start of a longer text is read (a WhatsApp text holds up to 4,096 characters).</summary>
    public const int MaxChars = 4096;

    /// <summary>
    /// The language is detected on the text's first words only (up to this many characters): enough to tell the four
    /// apart, and the detector's cost grows with the text (a whole 600-character text would double the assessment's).
    /// </summary>
    public const int DetectChars = 240;

    /// <summary>How many words may stand between a negation and the phrase it denies ("not yet been arrested": 2).</summary>
    public const int NegationWindow = 2;

    public DistressAssessment Assess(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var read = text.Length > MaxChars ? text[..MaxChars] : text;
        var code = language is not null && lists.ByLanguage.ContainsKey(language) ? language : LanguageDetector.Detect(Opening(read)).Code;
        var tokens = TextNormalizer.Tokenize(read);
        if (tokens.Count == 0)
        {
            return DistressAssessment.None(code);
        }

        var (sentence, clause) = Boundaries(read, tokens);
        if (lists.ByLanguage.TryGetValue(code, out var index))
        {
            return Assess(index, code, tokens, sentence, clause);
        }

        // Language unknown (too short, or another language mixed in): every list, the one finding most wins.
        var best = DistressAssessment.None(code);
        foreach (var candidate in Languages.Supported)
        {
            var found = Assess(lists.ByLanguage[candidate], candidate, tokens, sentence, clause);
            if (found.Level > best.Level || (found.Level == best.Level && found.Matches.Count > best.Matches.Count))
            {
                best = found;
            }
        }

        return best;
    }

    private static DistressAssessment Assess(PhraseIndex index, string language, List<Token> tokens, int[] sentence, int[] clause)
    {
        var hits = new List<PhraseHit>();
        index.FindAll(tokens, sentence, hits);
        if (hits.Count == 0)
        {
            return DistressAssessment.None(language);
        }

        var entries = index.Entries;
        var ordinary = new bool[tokens.Count];
        foreach (var hit in hits)
        {
            if (entries[hit.Entry].Kind == PhraseKind.FalsePositive)
            {
                ordinary.AsSpan(hit.First, hit.Last - hit.First + 1).Fill(true);
            }
        }

        var candidates = hits.Where(h => entries[h.Entry].Kind == PhraseKind.Distress && !ordinary.AsSpan(h.First, h.Last - h.First + 1).Contains(true)).ToList();
        if (candidates.Count == 0)
        {
            return DistressAssessment.None(language);
        }

        // A cue that is part of a distress phrase ("no way home", "niets meer gehoord") is no cue.
        var negations = hits.Where(h => entries[h.Entry].Kind == PhraseKind.Negation && !Inside(h, candidates)).ToList();
        var reportedSentences = hits.Where(h => entries[h.Entry].Kind == PhraseKind.Reported && !Inside(h, candidates)).Select(h => sentence[h.First]).ToHashSet();

        var kept = new List<(PhraseHit Hit, DistressLevel Level)>();
        foreach (var candidate in candidates)
        {
            if (negations.Any(n => n.Last < candidate.First && candidate.First - n.Last - 1 <= NegationWindow && clause[n.Last] == clause[candidate.First]))
            {
                continue;
            }

            var level = entries[candidate.Entry].Level;
            var at = sentence[candidate.First];
            if (reportedSentences.Contains(at))
            {
                level = (DistressLevel)Math.Min((int)level, (int)DistressLevel.Elevated);
            }

            kept.Add((candidate, level));
        }

        // Longest first, so that a phrase inside a longer one counts once, as the longer one.
        kept.Sort((a, b) =>
        {
            var longer = (b.Hit.Last - b.Hit.First).CompareTo(a.Hit.Last - a.Hit.First);
            return longer != 0 ? longer : b.Level != a.Level ? b.Level.CompareTo(a.Level) : a.Hit.Entry.CompareTo(b.Hit.Entry);
        });
        var taken = new List<PhraseHit>();
        var matches = new List<DistressMatch>();
        foreach (var (hit, level) in kept)
        {
            var category = entries[hit.Entry].Category;
            if (taken.Exists(t => t.First <= hit.First && hit.Last <= t.Last && (entries[t.Entry].Category == category || t.Last - t.First > hit.Last - hit.First)))
            {
                continue;
            }

            taken.Add(hit);
            matches.Add(new DistressMatch(category, entries[hit.Entry].Phrase, level, tokens[hit.First].Start, tokens[hit.Last].End - tokens[hit.First].Start));
        }

        if (matches.Count == 0)
        {
            return DistressAssessment.None(language);
        }

        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var categories = DistressCategories.All.Where(c => matches.Exists(m => m.Category == c)).ToList();
        return new DistressAssessment(language, matches.Max(m => m.Level), categories, matches);
    }

    private static string Opening(string text)
    {
        if (text.Length <= DetectChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', DetectChars);
        return text[..(cut > 0 ? cut : DetectChars)];
    }

    private static bool Inside(PhraseHit cue, List<PhraseHit> phrases) => phrases.Exists(p => p.First <= cue.First && cue.Last <= p.Last);

    /// <summary>The sentence and the clause of each token: punctuation between two words starts a new one.</summary>
    private static (int[] Sentence, int[] Clause) Boundaries(string text, List<Token> tokens)
    {
        var sentence = new int[tokens.Count];
        var clause = new int[tokens.Count];
        for (var t = 1; t < tokens.Count; t++)
        {
            var between = text.AsSpan(tokens[t - 1].End, tokens[t].Start - tokens[t - 1].End);
            var endsSentence = between.IndexOfAny(".!?\n;") >= 0;
            sentence[t] = sentence[t - 1] + (endsSentence ? 1 : 0);
            clause[t] = clause[t - 1] + (endsSentence || between.IndexOfAny(",:()") >= 0 ? 1 : 0);
        }

        return (sentence, clause);
    }
}
