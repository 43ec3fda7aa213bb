using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace ConsularHelpdesk.Routing.Text;

/// <summary>What kind of name a mention matched.</summary>
internal enum MentionKind
{
    Country,
    City,

    /// <summary>A first-level subdivision named on its own ("Washington State", or "Georgia" read as the US state).</summary>
    Subdivision,
}

/// <summary>
/// A place named in a text. <see cref="Matched"/> is the text as the citizen wrote it; <see cref="Alternatives"/> are the
/// other places the same words can mean (Georgia the country or the US state; Congo-Kinshasa or Congo-Brazzaville).
/// </summary>
internal sealed record PlaceMention(Place Place, string Matched, MentionKind Kind, double Confidence, IReadOnlyList<Place> Alternatives);

/// <summary>
/// Finds countries (names in English, Dutch, French and German, a few endonyms) and the main cities of the world in a
/// citizen's message: case, diacritics and punctuation do not matter, a misspelt word of five letters or more is
/// forgiven one edit (two from nine letters), and ambiguous names are resolved by the other places in the text.
/// </summary>
internal sealed class PlaceRecognizer
{
    private const int MaxWords = 6;
    private const int MaxRemembered = 50_000;

    private static readonly Lazy<PlaceRecognizer> Embedded = new(Load);

    // Words that are place names too but mostly mean something else in a message: alone, they count only when
    // capitalised right after "in", "à", "nach"…; a longer name ("Reading, Berkshire" aside) still matches.
    private static readonly FrozenSet<string> NotPlacesAlone = FrozenSet.ToFrozenSet(
    [
        "nice", "mobile", "split", "bath", "reading", "essen", "van", "man", "sale", "male", "island", "grenade",
        "dominique", "maurice", "reunion", "victoria", "of", "orange", "mart", "hamm", "bergen", "union", "concordia",
        "independencia", "libertad", "progreso", "esperanza", "kota", "chandigarh", "delta", "eden", "nova", "sur",
        "centro", "central", "ciudad", "city", "san", "santa", "saint", "port", "new", "north", "south", "east", "west",
    ], StringComparer.Ordinal);

    // A nationality is not a location: "I am Belgian" does not say the citizen is in Belgium.
    private static readonly FrozenSet<string> Demonyms = FrozenSet.ToFrozenSet(
    [
        "belgian", "belgians", "belge", "belges", "belg", "belgen", "belgier", "belgierin", "belgisch", "belgische",
        "belgischer", "belgischen", "belgisches", "german", "french", "dutch", "english", "russian", "italian", "indian",
        "brazilian", "congolese", "congolais", "congolaise", "kongolesisch", "congolees", "georgian", "georgier",
    ], StringComparer.Ordinal);

    // Words after which a place is where the citizen is ("in Lisbon", "à Paris", "nach Tiflis", "te Gent").
    private static readonly FrozenSet<string> LocationWords = FrozenSet.ToFrozenSet(
    [
        "in", "a", "en", "au", "aux", "nach", "im", "te", "at", "near", "bij", "pres", "naar", "vers", "dans", "zu", "stuck",
        "vast", "coince", "coincee", "bloque", "bloquee",
    ], StringComparer.Ordinal);

    // Words after which a place is where the citizen comes from ("from Belgium", "uit België", "aus Belgien").
    private static readonly FrozenSet<string> OriginWords = FrozenSet.ToFrozenSet(
    [
        "from", "uit", "aus", "originaire", "afkomstig", "born", "geboren", "ne", "nee", "nationality", "nationaliteit",
        "nationalite", "staatsangehorigkeit", "citizen", "burger", "citoyen", "burgerin",
    ], StringComparer.Ordinal);

    private readonly FrozenDictionary<string, Entry[]> _names;
    private readonly FrozenSet<string> _exactVocabulary;
    private readonly FrozenDictionary<(char First, int Length), string[]> _fuzzyVocabulary;

    // The first word of every name, with the most words a name starting with it has: a token that starts no name
    // cannot start a match, which skips most words of a message, and spans never grow longer than a name can be.
    private readonly FrozenDictionary<string, int> _maxWordsByFirst;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _notNearAnyName = new(StringComparer.Ordinal);

    private PlaceRecognizer(Dictionary<string, List<Entry>> names, List<string> fuzzyVocabulary)
    {
        _names = names.ToFrozenDictionary(kv => kv.Key, kv => Rank(kv.Key, kv.Value), StringComparer.Ordinal);
        _exactVocabulary = fuzzyVocabulary.ToFrozenSet(StringComparer.Ordinal);
        _fuzzyVocabulary = fuzzyVocabulary.Distinct(StringComparer.Ordinal)
            .GroupBy(w => (w[0], w.Length))
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        _maxWordsByFirst = names.Keys
            .Select(k => k.Split(' '))
            .GroupBy(words => words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Max(words => words.Length), StringComparer.Ordinal);
    }

    /// <summary>Every place a name can resolve to (for consistency checks against the jurisdiction map).</summary>
    internal IEnumerable<Place> Places => _names.Values.SelectMany(entries => entries.Select(e => e.Place)).Distinct();

    /// <summary>The recognizer over the embedded countries.json and cities.csv (loaded once, then shared; thread-safe).</summary>
    public static PlaceRecognizer LoadEmbedded() => Embedded.Value;

    /// <summary>The places named in <paramref name="text"/>, best first; empty when none is.</summary>
    public IReadOnlyList<PlaceMention> Find(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var tokens = TextNormalizer.Tokenize(text);
        var corrected = new (string Word, int Edits)[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            corrected[i] = Correct(tokens[i].Norm);
        }

        var found = new List<Candidate>();
        for (var i = 0; i < tokens.Count;)
        {
            var match = MatchAt(tokens, corrected, i);
            if (match is null)
            {
                i++;
                continue;
            }

            found.Add(match);
            i += match.Words;
        }

        return Resolve(text, tokens, found);
    }

    private Candidate? MatchAt(List<Token> tokens, (string Word, int Edits)[] corrected, int start)
    {
        var longest = Math.Max(
            _maxWordsByFirst.GetValueOrDefault(tokens[start].Norm),
            _maxWordsByFirst.GetValueOrDefault(corrected[start].Word));
        var count = Math.Min(Math.Min(MaxWords, tokens.Count - start), longest);
        if (count == 0)
        {
            return null; // no name starts with this word: most words of a message
        }

        // The keys of the 1..count word spans, as written and as corrected, built once.
        Span<int> editsUpTo = stackalloc int[count];
        var exactKeys = new string[count];
        var fixedKeys = new string[count];
        for (var k = 0; k < count; k++)
        {
            var token = tokens[start + k];
            exactKeys[k] = k == 0 ? token.Norm : exactKeys[k - 1] + " " + token.Norm;
            fixedKeys[k] = k == 0 ? corrected[start].Word : fixedKeys[k - 1] + " " + corrected[start + k].Word;
            editsUpTo[k] = (k == 0 ? 0 : editsUpTo[k - 1]) + corrected[start + k].Edits;
        }

        for (var n = count; n >= 1; n--)
        {
            var first = tokens[start];
            if (n == 1 && (LanguageDetector.CommonWords.Contains(first.Norm) || Demonyms.Contains(first.Norm)
                || (NotPlacesAlone.Contains(first.Norm) && !(first.IsCapitalized && AfterLocationWord(tokens, start)))))
            {
                continue; // "nice", "reading", "split" are words; "in Nice", "à Split" are places
            }

            if (_names.TryGetValue(exactKeys[n - 1], out var entries) && Usable(entries, tokens, start, n, 0) is { Length: > 0 } usable)
            {
                return new Candidate(start, n, usable, 0);
            }

            var edits = editsUpTo[n - 1];
            if (edits > 0 && _names.TryGetValue(fixedKeys[n - 1], out entries) && Usable(entries, tokens, start, n, edits) is { Length: > 0 } forgiven)
            {
                return new Candidate(start, n, forgiven, edits);
            }
        }

        return null;
    }

    private static Entry[] Usable(Entry[] entries, List<Token> tokens, int start, int count, int edits) =>
        Array.FindAll(entries, e => Usable(e, tokens, start, count, edits));

    private static bool Usable(Entry entry, List<Token> tokens, int start, int count, int edits)
    {
        if (entry.RequiresUpperCase && !tokens.Skip(start).Take(count).All(t => t.IsUpper))
        {
            return false; // "US", "UK", "DRC" as abbreviations only, not "us"
        }

        if (entry.IsAlternateName)
        {
            // GeoNames' untagged alternates are many: only when written as a name or right after "in", "à"…
            return edits == 0 && (tokens[start].IsCapitalized || AfterLocationWord(tokens, start));
        }

        return true;
    }

    private static List<PlaceMention> Resolve(string text, List<Token> tokens, List<Candidate> found)
    {
        var mentions = new List<(PlaceMention Mention, int Position)>();
        foreach (var candidate in found)
        {
            var others = found.Where(f => f != candidate).Select(f => f.Entries[0].Place).ToList();
            var places = candidate.Entries.Select(e => e.Place).Distinct().ToList();

            // Context decides between readings: "Atlanta, Georgia" is the US state, "Congo ... Brazzaville" is CG.
            var best = places.OrderByDescending(p => Support(p, others)).ThenBy(places.IndexOf).First();
            var chosen = candidate.Entries.First(e => e.Place == best);
            var alternatives = places.Where(p => p != best).Take(5).ToList();
            var resolvedByContext = best != places[0];

            var confidence = chosen.Kind switch
            {
                MentionKind.City when chosen.IsAlternateName => 0.65,
                MentionKind.City => 0.75,
                MentionKind.Subdivision => 0.65,
                _ => 0.7,
            };
            confidence -= 0.15 * candidate.Edits;
            if (alternatives.Count > 0)
            {
                confidence += resolvedByContext || Support(best, others) > 0 ? 0.05 : -0.1;
            }

            var previous = candidate.Start > 0 ? tokens[candidate.Start - 1].Norm : null;
            var beforePrevious = candidate.Start > 1 ? tokens[candidate.Start - 2].Norm : null;
            if (previous is not null && OriginWords.Contains(previous) || IsOriginPhrase(beforePrevious, previous))
            {
                confidence -= 0.35;
            }
            else if (previous is not null && LocationWords.Contains(previous))
            {
                confidence += 0.1;
            }

            // A city agreeing with a country named too carries more: it also gives the subdivision.
            if (others.Any(o => o.Country == best.Country && o != best))
            {
                confidence += chosen.Kind == MentionKind.City ? 0.1 : 0.03;
            }

            var first = tokens[candidate.Start];
            var last = tokens[candidate.Start + candidate.Words - 1];
            var mention = new PlaceMention(best, text[first.Start..last.End], chosen.Kind, Math.Round(Math.Clamp(confidence, 0.05, 0.99), 2), alternatives);
            mentions.Add((mention, candidate.Start));
        }

        return mentions
            .GroupBy(m => (m.Mention.Place, m.Mention.Kind))
            .Select(g => g.OrderByDescending(m => m.Mention.Confidence).First())
            .OrderByDescending(m => m.Mention.Confidence)
            .ThenBy(m => m.Mention.Kind == MentionKind.City ? 0 : 1)
            .ThenBy(m => m.Position)
            .Select(m => m.Mention)
            .ToList();
    }

    private static bool AfterLocationWord(List<Token> tokens, int start) => start > 0 && LocationWords.Contains(tokens[start - 1].Norm);

    private static bool IsOriginPhrase(string? first, string? second) =>
        (first, second) is ("kom", "van") or ("viens", "de") or ("venu", "de") or ("come", "from") or ("komme", "aus");

    /// <summary>How much the other places support a reading: 2 for the same subdivision, 1 for the same country.</summary>
    private static int Support(Place place, List<Place> others) =>
        others.Count == 0 ? 0 : others.Max(o =>
            o.Country != place.Country ? 0 : o.Subdivision is not null && o.Subdivision == place.Subdivision ? 2 : 1);

    private (string Word, int Edits) Correct(string word)
    {
        if (word.Length < 5 || _exactVocabulary.Contains(word) || LanguageDetector.CommonWords.Contains(word) || Demonyms.Contains(word))
        {
            return (word, 0);
        }

        // Most long words of a message are ordinary words near no name; remembering them (up to a bound, in memory
        // only) spares the fuzzy scan, the costliest part of routing, for the words every citizen writes.
        if (_notNearAnyName.ContainsKey(word))
        {
            return (word, 0);
        }

        var result = CorrectUncached(word);
        if (result.Edits == 0 && _notNearAnyName.Count < MaxRemembered)
        {
            _notNearAnyName.TryAdd(word, 0);
        }

        return result;
    }

    private (string Word, int Edits) CorrectUncached(string word)
    {
        var max = word.Length >= 9 ? 2 : 1;
        string? best = null;
        var bestDistance = max + 1;

        // Only words within the edit budget in length can be within it in distance.
        for (var length = Math.Max(5, word.Length - max); length <= word.Length + max; length++)
        {
            if (!_fuzzyVocabulary.TryGetValue((word[0], length), out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                // A longer word that starts with a name is a derived word ("Russian", "Kenyan"), not a misspelling.
                if (word.StartsWith(candidate, StringComparison.Ordinal))
                {
                    continue;
                }

                var distance = TextNormalizer.Distance(word, candidate, max);
                if (distance < bestDistance)
                {
                    (best, bestDistance) = (candidate, distance);
                }
            }
        }

        return best is null ? (word, 0) : (best, bestDistance);
    }

    private static Entry[] Rank(string key, List<Entry> entries)
    {
        var ranked = entries
            .OrderBy(e => e.IsAlternateName ? 1 : 0)
            .ThenBy(e => e.Kind == MentionKind.Country ? 0 : 1)
            .ThenByDescending(e => e.Population)
            .ToList();
        if (ranked.Any(e => !e.IsAlternateName))
        {
            ranked.RemoveAll(e => e.IsAlternateName); // a name's own places first: "Paris" is not some city's alternate
        }

        if (Ambiguous.TryGetValue(key, out var readings))
        {
            var extra = readings.Select(r => new Entry(r.Place, r.Kind, 0, false, false));
            ranked = [.. extra.Take(1), .. ranked.Where(e => e.Place != readings[0].Place), .. extra.Skip(1)];
        }

        // One entry per place, the best-ranked one.
        return [.. ranked.GroupBy(e => e.Place).Select(g => g.First())];
    }

    // Names that mean several places: the first reading is the default, the others are alternatives.
    private static readonly FrozenDictionary<string, (Place Place, MentionKind Kind)[]> Ambiguous =
        new Dictionary<string, (Place, MentionKind)[]>
        {
            ["georgia"] = [(new Place("GE"), MentionKind.Country), (new Place("US", "US-GA"), MentionKind.Subdivision)],
            ["washington"] = [(new Place("US", "US-DC"), MentionKind.City), (new Place("US", "US-WA"), MentionKind.Subdivision)],
            ["congo"] = [(new Place("CD"), MentionKind.Country), (new Place("CG"), MentionKind.Country)],
            ["kongo"] = [(new Place("CD"), MentionKind.Country), (new Place("CG"), MentionKind.Country)],
            ["guinea"] = [(new Place("GN"), MentionKind.Country), (new Place("GW"), MentionKind.Country), (new Place("GQ"), MentionKind.Country), (new Place("PG"), MentionKind.Country)],
            ["guinee"] = [(new Place("GN"), MentionKind.Country), (new Place("GW"), MentionKind.Country), (new Place("GQ"), MentionKind.Country), (new Place("PG"), MentionKind.Country)],
        }.ToFrozenDictionary(StringComparer.Ordinal);

    // Names the data files lack: endonyms, short forms and subdivisions that citizens write.
    private static readonly (string Name, Place Place, MentionKind Kind)[] ExtraNames =
    [
        ("RDC", new Place("CD"), MentionKind.Country), ("DRC", new Place("CD"), MentionKind.Country),
        ("RD Congo", new Place("CD"), MentionKind.Country), ("DR Congo", new Place("CD"), MentionKind.Country),
        ("DR Kongo", new Place("CD"), MentionKind.Country), ("Congo RDC", new Place("CD"), MentionKind.Country),
        ("Zaïre", new Place("CD"), MentionKind.Country), ("Democratic Republic of Congo", new Place("CD"), MentionKind.Country),
        ("Congo Kinshasa", new Place("CD"), MentionKind.Country), ("Kongo Kinshasa", new Place("CD"), MentionKind.Country),
        ("Demokratische Republik Kongo", new Place("CD"), MentionKind.Country),
        ("Congo Brazzaville", new Place("CG"), MentionKind.Country), ("Kongo Brazzaville", new Place("CG"), MentionKind.Country),
        ("Republic of Congo", new Place("CG"), MentionKind.Country),
        ("Guinée Conakry", new Place("GN"), MentionKind.Country), ("Guinea Conakry", new Place("GN"), MentionKind.Country),
        ("Aequatorialguinea", new Place("GQ"), MentionKind.Country), ("Papua Neuguinea", new Place("PG"), MentionKind.Country),
        ("Sakartvelo", new Place("GE"), MentionKind.Country),
        ("États-Unis", new Place("US"), MentionKind.Country), ("Amerika", new Place("US"), MentionKind.Country),
        ("Washington State", new Place("US", "US-WA"), MentionKind.Subdivision),
        ("State of Washington", new Place("US", "US-WA"), MentionKind.Subdivision),
        ("État de Washington", new Place("US", "US-WA"), MentionKind.Subdivision),
        ("Staat Washington", new Place("US", "US-WA"), MentionKind.Subdivision),
        ("Washington DC", new Place("US", "US-DC"), MentionKind.City), ("Washington D C", new Place("US", "US-DC"), MentionKind.City),
        ("Île Maurice", new Place("MU"), MentionKind.Country), ("La Réunion", new Place("RE"), MentionKind.Country),
        ("England", new Place("GB"), MentionKind.Country), ("Scotland", new Place("GB"), MentionKind.Country),
        ("Wales", new Place("GB"), MentionKind.Country), ("Engeland", new Place("GB"), MentionKind.Country),
        ("Schotland", new Place("GB"), MentionKind.Country), ("Angleterre", new Place("GB"), MentionKind.Country),
        ("Écosse", new Place("GB"), MentionKind.Country), ("Schottland", new Place("GB"), MentionKind.Country),
        ("Grande-Bretagne", new Place("GB"), MentionKind.Country), ("Groot-Brittannië", new Place("GB"), MentionKind.Country),
        ("España", new Place("ES"), MentionKind.Country), ("Italia", new Place("IT"), MentionKind.Country),
        ("Brasil", new Place("BR"), MentionKind.Country), ("Polska", new Place("PL"), MentionKind.Country),
        ("Rossiya", new Place("RU"), MentionKind.Country), ("Sverige", new Place("SE"), MentionKind.Country),
        ("Norge", new Place("NO"), MentionKind.Country), ("Danmark", new Place("DK"), MentionKind.Country),
        ("Suomi", new Place("FI"), MentionKind.Country), ("Hrvatska", new Place("HR"), MentionKind.Country),
        ("Ellada", new Place("GR"), MentionKind.Country), ("Magyarország", new Place("HU"), MentionKind.Country),
        ("Ukraina", new Place("UA"), MentionKind.Country), ("Nippon", new Place("JP"), MentionKind.Country),
        ("Bharat", new Place("IN"), MentionKind.Country), ("Vlaanderen", new Place("BE", "BE-VLG"), MentionKind.Subdivision),
        ("Wallonie", new Place("BE", "BE-WAL"), MentionKind.Subdivision),
    ];

    private static PlaceRecognizer Load()
    {
        var names = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        var fuzzy = new List<string>();

        void Add(string name, Entry entry, bool forgiving)
        {
            var key = TextNormalizer.Key(name);
            if (key.Length == 0)
            {
                return;
            }

            if (!names.TryGetValue(key, out var list))
            {
                names[key] = list = [];
            }

            list.Add(entry);
            if (forgiving)
            {
                fuzzy.AddRange(key.Split(' ').Where(w => w.Length >= 5));
            }
        }

        using (var json = JsonDocument.Parse(ReadResource("countries.json")))
        {
            foreach (var country in json.RootElement.GetProperty("countries").EnumerateArray())
            {
                var place = new Place(country.GetProperty("alpha2").GetString()!);
                foreach (var language in country.GetProperty("names").EnumerateObject())
                {
                    foreach (var name in language.Value.EnumerateArray().Select(n => n.GetString()!))
                    {
                        var letters = name.Count(char.IsLetter);
                        Add(name, new Entry(place, MentionKind.Country, 0, false, letters <= 3 && name.Where(char.IsLetter).All(char.IsUpper)), true);
                    }
                }
            }
        }

        foreach (var (name, place, kind) in ExtraNames)
        {
            var letters = name.Count(char.IsLetter);
            Add(name, new Entry(place, kind, 0, false, letters <= 3 && name.Where(char.IsLetter).All(char.IsUpper)), letters >= 5);
        }

        foreach (var city in ReadCities(ReadResource("cities.csv")))
        {
            var entry = new Entry(city.Place, MentionKind.City, city.Population, false, false);
            Add(city.Name, entry, true);
            Add(city.Ascii, entry, true);
            foreach (var alternate in city.Alternates)
            {
                Add(alternate, entry with { IsAlternateName = true }, false);
            }
        }

        return new PlaceRecognizer(names, fuzzy);
    }

    private sealed record City(string Name, string Ascii, string[] Alternates, Place Place, long Population);

    private static IEnumerable<City> ReadCities(string csv)
    {
        var header = true;
        foreach (var line in csv.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var f = SplitCsv(line);
            var subdivision = f[4].Length == 0 ? null : f[4];
            yield return new City(f[0], f[1], f[2].Split('|', StringSplitOptions.RemoveEmptyEntries), new Place(f[3], subdivision),
                long.Parse(f[5], CultureInfo.InvariantCulture));
        }
    }

    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    internal static string ReadResource(string fileName)
    {
        var assembly = typeof(PlaceRecognizer).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record Entry(Place Place, MentionKind Kind, long Population, bool IsAlternateName, bool RequiresUpperCase);

    private sealed record Candidate(int Start, int Words, Entry[] Entries, int Edits);
}
