using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Distress;

// The shape of Distress/Data/distress.<language>.json. Every field is nullable so that a missing one is reported by
// the validation, naming the entry, instead of failing inside the deserializer.

internal sealed class PhraseListFile
{
    public string? Language { get; init; }
    public string? Comment { get; init; }

    /// <summary>Groups of phrases: a category, the level its phrases give, the phrases (word forms and misspellings included).</summary>
    public List<PhraseGroupRow?>? Phrases { get; init; }

    /// <summary>Words that, shortly before a phrase in the same clause, deny it ("not", "pas", "nicht", "niet").</summary>
    public List<string?>? Negations { get; init; }

    /// <summary>Words that make a sentence someone else's account ("the news", "j'ai lu"): its matches count as elevated at most.</summary>
    public List<string?>? Reported { get; init; }

    /// <summary>Ordinary consular phrases that contain a distress word ("visa medical", "passport photo"): their span matches nothing.</summary>
    public List<string?>? FalsePositives { get; init; }
}

internal sealed class PhraseGroupRow
{
    public string? Category { get; init; }
    public string? Level { get; init; }
    public string? Comment { get; init; }
    public List<string?>? Phrases { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(PhraseListFile))]
internal sealed partial class PhraseListJsonContext : JsonSerializerContext;
