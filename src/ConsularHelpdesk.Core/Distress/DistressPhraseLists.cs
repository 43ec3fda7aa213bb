using System.Collections.Frozen;
using System.Text.Json;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Distress;

/// <summary>
/// The phrase lists of the four languages, from <c>Distress/Data/distress.&lt;language&gt;.json</c> (embedded in this
/// assembly), each replaceable by a file of the same name in an operator's folder (<see cref="DistressOptions.PhraseListsPath"/>).
/// Loading validates every entry (known category, known level, a phrase that is words), so that a bad edit stops the
/// start with the entry named instead of silently matching nothing. Immutable once loaded.
/// </summary>
internal sealed class DistressPhraseLists
{
    private DistressPhraseLists(FrozenDictionary<string, PhraseIndex> byLanguage, FrozenDictionary<string, string> sources)
    {
        ByLanguage = byLanguage;
        Sources = sources;
    }

    /// <summary>The compiled list of each language (nl, fr, de, en).</summary>
    public FrozenDictionary<string, PhraseIndex> ByLanguage { get; }

    /// <summary>Where each language's list was read from ("built-in" or the operator's file).</summary>
    public FrozenDictionary<string, string> Sources { get; }

    public static string FileName(string language) => $"distress.{language}.json";

    /// <summary>The built-in lists, each replaced by the operator's file of the same name in <paramref name="overrideFolder"/> if there is one.</summary>
    /// <exception cref="InvalidDataException">A list is invalid or the folder does not exist; the message names the file and the entry.</exception>
    public static DistressPhraseLists Load(string? overrideFolder = null)
    {
        if (!string.IsNullOrWhiteSpace(overrideFolder) && !Directory.Exists(overrideFolder))
        {
            throw new InvalidDataException($"{DistressOptions.Section}:{nameof(DistressOptions.PhraseListsPath)}: the folder '{overrideFolder}' does not exist.");
        }

        var byLanguage = new Dictionary<string, PhraseIndex>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in Languages.Supported)
        {
            var file = FileName(language);
            var path = string.IsNullOrWhiteSpace(overrideFolder) ? null : Path.Combine(overrideFolder, file);
            if (path is not null && File.Exists(path))
            {
                using var stream = File.OpenRead(path);
                byLanguage[language] = Read(stream, path, language);
                sources[language] = path;
            }
            else
            {
                using var stream = Embedded(file);
                byLanguage[language] = Read(stream, file, language);
                sources[language] = "built-in";
            }
        }

        return new DistressPhraseLists(byLanguage.ToFrozenDictionary(StringComparer.Ordinal), sources.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Reads and validates one list.</summary>
    /// <param name="name">How errors name the file.</param>
    /// <exception cref="InvalidDataException">The list is invalid; the message names the entry and the problem.</exception>
    public static PhraseIndex Read(Stream stream, string name, string language)
    {
        PhraseListFile file;
        try
        {
            file = JsonSerializer.Deserialize(stream, PhraseListJsonContext.Default.PhraseListFile)
                ?? throw new InvalidDataException($"{name}: the file is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name} line {e.LineNumber + 1}: invalid JSON ({e.Message}).", e);
        }

        if (file.Language != language)
        {
            throw new InvalidDataException($"{name}: \"language\" is '{file.Language}', expected '{language}'.");
        }

        var phrases = new List<(PhraseEntry, PhrasePattern)>();
        var seen = new Dictionary<(string Category, string Key), string>();
        var groups = file.Phrases ?? throw new InvalidDataException($"{name}: no \"phrases\" list.");
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g] ?? throw new InvalidDataException($"{name}: phrases[{g}] is null.");
            var where = $"{name}: phrases[{g}] (category '{group.Category}', level '{group.Level}')";
            if (group.Category is null || !DistressCategories.All.Contains(group.Category))
            {
                throw new InvalidDataException($"{where}: unknown category '{group.Category}' (known: {string.Join(", ", DistressCategories.All)}).");
            }

            var level = group.Level switch
            {
                "elevated" => DistressLevel.Elevated,
                "urgent" => DistressLevel.Urgent,
                "critical" => DistressLevel.Critical,
                _ => throw new InvalidDataException($"{where}: unknown level '{group.Level}' (a phrase gives elevated, urgent or critical)."),
            };
            var items = group.Phrases is { Count: > 0 } list ? list : throw new InvalidDataException($"{where}: no phrases.");
            for (var i = 0; i < items.Count; i++)
            {
                var pattern = Pattern(items[i], $"{where} phrase {i + 1} '{items[i]}'");
                var key = string.Join(' ', pattern.Words.Select(w => (w.GapBefore ? "... " : string.Empty) + w.Key));
                if (!seen.TryAdd((group.Category, key), items[i]!))
                {
                    throw new InvalidDataException($"{where} phrase {i + 1} '{items[i]}': the same words as '{seen[(group.Category, key)]}' in category '{group.Category}'.");
                }

                phrases.Add((new PhraseEntry(PhraseKind.Distress, items[i]!.Trim(), group.Category, level), pattern));
            }
        }

        AddCues(phrases, file.Negations, PhraseKind.Negation, "negations", name);
        AddCues(phrases, file.Reported, PhraseKind.Reported, "reported", name);
        AddCues(phrases, file.FalsePositives, PhraseKind.FalsePositive, "falsePositives", name);
        return PhraseIndex.Build(phrases);
    }

    private static void AddCues(List<(PhraseEntry, PhrasePattern)> phrases, List<string?>? cues, PhraseKind kind, string field, string name)
    {
        var items = cues ?? throw new InvalidDataException($"{name}: no \"{field}\" list.");
        for (var i = 0; i < items.Count; i++)
        {
            var pattern = Pattern(items[i], $"{name}: {field} item {i + 1} '{items[i]}'");
            phrases.Add((new PhraseEntry(kind, items[i]!.Trim(), string.Empty, DistressLevel.None), pattern));
        }
    }

    private static PhrasePattern Pattern(string? phrase, string where) =>
        PhrasePattern.Parse(phrase, out var error) ?? throw new InvalidDataException($"{where}: {error}.");

    private static Stream Embedded(string file)
    {
        var assembly = typeof(DistressPhraseLists).Assembly;
        var suffix = ".Distress.Data." + file;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{file}: not embedded in {assembly.GetName().Name} (expected a resource ending in '{suffix}').");
        return assembly.GetManifestResourceStream(resource)!;
    }
}
