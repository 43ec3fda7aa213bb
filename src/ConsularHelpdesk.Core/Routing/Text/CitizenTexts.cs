using System.Collections.Frozen;
using System.Text.Json;

namespace ConsularHelpdesk.Routing.Text;

/// <summary>Keys of the texts the helpdesk writes to citizens (Routing/Data/citizen-texts.json).</summary>
internal static class CitizenTextKeys
{
    /// <summary>"Where are you now?"</summary>
    public const string IntakeQuestion = "intake.question";

    /// <summary>Why we ask, and how to answer (city and country, or share the location).</summary>
    public const string IntakeExplanation = "intake.explanation";

    /// <summary>Quick reply: share my location.</summary>
    public const string ReplyShareLocation = "intake.reply.location";

    /// <summary>Quick reply: I am in Belgium.</summary>
    public const string ReplyInBelgium = "intake.reply.belgium";

    /// <summary>Quick reply: another country (the citizen then types it).</summary>
    public const string ReplyOtherCountry = "intake.reply.other";

    /// <summary>Sent after "another country": type the city and country.</summary>
    public const string ReplyOtherCountryHint = "intake.reply.other.hint";

    /// <summary>The quick replies offered with the intake question, in order.</summary>
    public static IReadOnlyList<string> IntakeReplies { get; } = [ReplyShareLocation, ReplyInBelgium, ReplyOtherCountry];
}

/// <summary>
/// What the system writes to a citizen, in Dutch, French, German and English: in the citizen's language when it is one
/// of those, in English otherwise.
/// </summary>
internal sealed class CitizenTexts
{
    private static readonly Lazy<CitizenTexts> Embedded = new(() => Parse(PlaceRecognizer.ReadResource("citizen-texts.json")));

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    private CitizenTexts(FrozenDictionary<string, FrozenDictionary<string, string>> byLanguage) => _byLanguage = byLanguage;

    public static CitizenTexts LoadEmbedded() => Embedded.Value;

    /// <summary>The languages the file has texts for.</summary>
    public IReadOnlyCollection<string> Languages => _byLanguage.Keys;

    /// <summary>The keys the file has for <paramref name="language"/> (empty for a language it lacks).</summary>
    public IReadOnlyCollection<string> KeysOf(string language) =>
        _byLanguage.TryGetValue(language, out var texts) ? texts.Keys : [];

    /// <summary>
    /// The text for <paramref name="key"/> in <paramref name="language"/> (a code from <see cref="Text.Languages"/>);
    /// English for "other", "unknown" or any language without texts.
    /// </summary>
    public string Get(string key, string language)
    {
        var texts = _byLanguage.TryGetValue(language, out var own) ? own : _byLanguage[Text.Languages.En];
        return texts.TryGetValue(key, out var text) ? text : _byLanguage[Text.Languages.En][key];
    }

    internal static CitizenTexts Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var byLanguage = document.RootElement.GetProperty("texts").EnumerateObject().ToFrozenDictionary(
            language => language.Name,
            language => language.Value.EnumerateObject().ToFrozenDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new CitizenTexts(byLanguage);
    }
}
