using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The texts of the automatic replies and the emergency numbers they give, from <c>Replies/Data/auto-replies.json</c>
/// (embedded in this assembly): texts in nl, fr, de and en, which a post may replace per language, and each post's
/// emergency number. Loading validates every row (every language present, only known placeholders, known posts), so
/// that a bad edit fails at start with the row named, not when a citizen writes at night. Immutable once loaded.
/// </summary>
internal sealed partial class AutoReplyTexts
{
    internal const string File = "auto-replies.json";

    /// <summary>The acknowledgement while the post is closed, with <c>{opensAt}</c>.</summary>
    public const string Ack = "ack";

    /// <summary>The acknowledgement when the post does not open within the weeks office hours look ahead.</summary>
    public const string AckLater = "ackLater";

    /// <summary>The emergency numbers of the post and of the central desk.</summary>
    public const string Emergency = "emergency";

    /// <summary>The central desk's emergency number, for a post without one of its own.</summary>
    public const string EmergencyCentral = "emergencyCentral";

    /// <summary>The optional greeting in office hours.</summary>
    public const string Greeting = "greeting";

    /// <summary>The emergency reply's lead (a message that made its conversation urgent or critical), before the emergency numbers.</summary>
    public const string EmergencyNow = "emergencyNow";

    /// <summary>The prompt of the language choice, shown in all four languages one after the other.</summary>
    public const string ChooseLanguage = "chooseLanguage";

    /// <summary>The label of WhatsApp's list button that opens the choices (at most 20 characters with the other reply language's).</summary>
    public const string Choose = "choose";

    /// <summary>The post notice: which post the citizen's message was passed to, with <c>{post}</c>.</summary>
    public const string PostNoticeKey = "postNotice";

    /// <summary>The post notice after a move to another post ("passed on to"), with <c>{post}</c>.</summary>
    public const string PostNoticeMoved = "postNoticeMoved";

    /// <summary>After the post notice alone while the post is closed: when it opens, with <c>{opensAt}</c>.</summary>
    public const string PostClosed = "postClosed";

    /// <summary>The privacy notice given once per contact with the first automatic message, with <c>{privacyUrl}</c> (the ministry's, not a post's).</summary>
    public const string PrivacyNoticeKey = "privacyNotice";

    private const string OpensAt = "{opensAt}";
    private const string PrivacyUrl = "{privacyUrl}";
    private const string PostPlaceholder = "{post}";
    private const string PostEmergency = "{postEmergency}";
    private const string CentralEmergency = "{centralEmergency}";

    private static readonly string[] Keys = [Ack, AckLater, Emergency, EmergencyCentral, Greeting, EmergencyNow, ChooseLanguage, Choose, PostNoticeKey, PostNoticeMoved, PostClosed, PrivacyNoticeKey];

    // How the opening instant reads in each language: weekday, date and time on the post's wall clock.
    private static readonly FrozenDictionary<string, CultureInfo> Cultures = new Dictionary<string, CultureInfo>
    {
        [Languages.Nl] = CultureInfo.GetCultureInfo("nl-BE"),
        [Languages.Fr] = CultureInfo.GetCultureInfo("fr-BE"),
        [Languages.De] = CultureInfo.GetCultureInfo("de-BE"),
        [Languages.En] = CultureInfo.GetCultureInfo("en-GB"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> OpeningFormats = new Dictionary<string, string>
    {
        [Languages.Nl] = "dddd d MMMM 'om' HH:mm",
        [Languages.Fr] = "dddd d MMMM 'à' HH'h'mm",
        [Languages.De] = "dddd, d. MMMM 'um' HH:mm 'Uhr'",
        [Languages.En] = "dddd d MMMM 'at' HH:mm",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<(string Key, string Language), string> _texts;
    private readonly FrozenDictionary<(string Post, string Key, string Language), string> _postTexts;
    private readonly FrozenDictionary<string, string> _postNumbers;
    private readonly string _centralNumber;

    private AutoReplyTexts(
        FrozenDictionary<(string, string), string> texts, FrozenDictionary<(string, string, string), string> postTexts, FrozenDictionary<string, string> postNumbers, string centralNumber)
    {
        _texts = texts;
        _postTexts = postTexts;
        _postNumbers = postNumbers;
        _centralNumber = centralNumber;
    }

    /// <summary>The acknowledgement of a message written while <paramref name="postId"/> is closed, with the emergency numbers.</summary>
    /// <param name="opensAt">When the post opens next, or null when not within the weeks office hours look ahead.</param>
    /// <param name="languages">The citizen's reply languages (<see cref="Languages.ReplyLanguages"/>): one, or Dutch and French.</param>
    /// <param name="zone">The post's zone, in which the opening time is written.</param>
    public string Acknowledgement(string postId, IReadOnlyList<string> languages, DateTimeOffset? opensAt, TimeZoneInfo zone) =>
        InLanguages.Join(languages, language => Acknowledgement(postId, language, opensAt, zone));

    /// <summary>The acknowledgement in one language.</summary>
    public string Acknowledgement(string postId, string language, DateTimeOffset? opensAt, TimeZoneInfo zone)
    {
        var ack = opensAt is { } opening
            ? Text(postId, Ack, language).Replace(OpensAt, Opening(opening, zone, language), StringComparison.Ordinal)
            : Text(postId, AckLater, language);
        return ack + "\n\n" + EmergencyNumbers(postId, language);
    }

    /// <summary>
    /// The emergency reply to a message that made its conversation urgent or critical: the duty officer is alerted, call
    /// the local emergency services now, then the same emergency numbers as the acknowledgement (the post's and the
    /// central desk's).
    /// </summary>
    public string EmergencyNowFor(string postId, IReadOnlyList<string> languages) => InLanguages.Join(languages, language => EmergencyNowFor(postId, language));

    /// <summary>The emergency reply in one language.</summary>
    public string EmergencyNowFor(string postId, string language)
    {
        var lead = Text(postId, EmergencyNow, language)
            .Replace(PostEmergency, _postNumbers.GetValueOrDefault(postId, _centralNumber), StringComparison.Ordinal)
            .Replace(CentralEmergency, _centralNumber, StringComparison.Ordinal);
        return lead + "\n\n" + EmergencyNumbers(postId, language);
    }

    private string EmergencyNumbers(string postId, string language)
    {
        var emergency = _postNumbers.TryGetValue(postId, out var postNumber)
            ? Text(postId, Emergency, language).Replace(PostEmergency, postNumber, StringComparison.Ordinal)
            : Text(postId, EmergencyCentral, language);
        return emergency.Replace(CentralEmergency, _centralNumber, StringComparison.Ordinal);
    }

    /// <summary>The greeting of a conversation opened in office hours.</summary>
    public string GreetingFor(string postId, IReadOnlyList<string> languages) => InLanguages.Join(languages, language => GreetingFor(postId, language));

    /// <summary>The language choice's prompt in the four languages ("Kies uw taal / Choisissez votre langue / …").</summary>
    public string LanguageChoicePrompt() => string.Join(" / ", Languages.Supported.Select(language => _texts[(ChooseLanguage, language)]));

    /// <summary>The label of the button that opens WhatsApp's list of choices, in the reply languages (at most 20 characters).</summary>
    public string ChoicesLabel(IReadOnlyList<string> languages)
    {
        var label = string.Join(" / ", languages.Select(language => _texts[(Choose, language)]));
        return label.Length <= 20 ? label : _texts[(Choose, languages[0])];
    }

    /// <summary>The post notice in one language, with "to" and the post's name as the language says it (<see cref="PostNames"/>).</summary>
    public string Notice(string postId, string language, string toPost, bool passedOn) =>
        Text(postId, passedOn ? PostNoticeMoved : PostNoticeKey, language).Replace(PostPlaceholder, toPost, StringComparison.Ordinal);

    /// <summary>The privacy notice in one language, with the link to the ministry's privacy page in that language.</summary>
    public string PrivacyNotice(string language, Uri url) =>
        _texts[(PrivacyNoticeKey, language)].Replace(PrivacyUrl, url.AbsoluteUri, StringComparison.Ordinal);

    /// <summary>When the closed post opens, in one language, on its wall clock.</summary>
    public string ClosedUntil(string postId, string language, DateTimeOffset opensAt, TimeZoneInfo zone) =>
        Text(postId, PostClosed, language).Replace(OpensAt, Opening(opensAt, zone, language), StringComparison.Ordinal);

    private static string Opening(DateTimeOffset opening, TimeZoneInfo zone, string language) =>
        TimeZoneInfo.ConvertTime(opening, zone).ToString(OpeningFormats[language], Cultures[language]);

    /// <summary>The greeting in one language.</summary>
    public string GreetingFor(string postId, string language)
    {
        return Text(postId, Greeting, language)
            .Replace(PostEmergency, _postNumbers.GetValueOrDefault(postId, _centralNumber), StringComparison.Ordinal)
            .Replace(CentralEmergency, _centralNumber, StringComparison.Ordinal);
    }

    private string Text(string postId, string key, string language) =>
        _postTexts.TryGetValue((postId, key, language), out var own) ? own : _texts[(key, language)];

    /// <summary>Loads and validates the file embedded in this assembly.</summary>
    /// <exception cref="InvalidDataException">The file is invalid; the message names the row and the problem.</exception>
    public static AutoReplyTexts LoadEmbedded(PostCatalog catalog)
    {
        var assembly = typeof(AutoReplyTexts).Assembly;
        var suffix = ".Replies.Data." + File;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{File}: not embedded in {assembly.GetName().Name} (expected a resource ending in '{suffix}').");
        using var stream = assembly.GetManifestResourceStream(name)!;
        return Load(stream, catalog);
    }

    /// <summary>Loads and validates an automatic-replies file (UTF-8) for the posts of <paramref name="catalog"/>.</summary>
    /// <exception cref="InvalidDataException">The file is invalid; the message names the row and the problem.</exception>
    public static AutoReplyTexts Load(Stream stream, PostCatalog catalog)
    {
        AutoReplyFile file;
        try
        {
            file = JsonSerializer.Deserialize(stream, AutoReplyJsonContext.Default.AutoReplyFile)
                ?? throw new InvalidDataException($"{File}: the file is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{File} line {e.LineNumber + 1}: invalid JSON ({e.Message}).", e);
        }

        var central = Number(file.Central?.Emergency, $"{File} central") ?? throw new InvalidDataException($"{File} central: no 'emergency' number.");
        var texts = new Dictionary<(string, string), string>();
        var given = file.Texts ?? throw new InvalidDataException($"{File}: no 'texts' object.");
        foreach (var key in Keys)
        {
            var byLanguage = given.GetValueOrDefault(key) ?? throw new InvalidDataException($"{File} texts: no '{key}' texts.");
            foreach (var language in Languages.Supported)
            {
                var text = byLanguage.GetValueOrDefault(language);
                texts[(key, language)] = Checked(text, key, hasPostNumber: true, $"{File} texts.{key}.{language}")
                    ?? throw new InvalidDataException($"{File} texts.{key}: no text in '{language}' (nl, fr, de and en are all needed).");
            }
        }

        ReadTexts(given, hasPostNumber: true, $"{File}", []);
        var postTexts = new Dictionary<(string, string, string), string>();
        var postNumbers = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = file.Posts ?? [];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"{File} post #{i + 1}" + (row?.Post is { } p ? $" ('{p}')" : "");
            var postId = row?.Post?.Trim() ?? "";
            if (!catalog.TryGet(postId, out _))
            {
                throw new InvalidDataException($"{where}: unknown post '{postId}' (not in {PostCatalog.PostsFile}).");
            }

            if (!seen.Add(postId))
            {
                throw new InvalidDataException($"{where}: duplicate post '{postId}'.");
            }

            if (Number(row!.Emergency, where) is { } number)
            {
                postNumbers[postId] = number;
            }

            foreach (var ((key, language), text) in ReadTexts(row.Texts ?? [], postNumbers.ContainsKey(postId), where, []))
            {
                if (key == PrivacyNoticeKey)
                {
                    throw new InvalidDataException($"{where} texts.{key}: the privacy notice is the ministry's, not a post's.");
                }

                postTexts[(postId, key, language)] = text;
            }
        }

        return new AutoReplyTexts(texts.ToFrozenDictionary(), postTexts.ToFrozenDictionary(), postNumbers.ToFrozenDictionary(StringComparer.Ordinal), central);
    }

    /// <summary>Checks every text of a texts object (known keys and languages, known placeholders) and returns them.</summary>
    private static Dictionary<(string Key, string Language), string> ReadTexts(
        Dictionary<string, Dictionary<string, string?>?> texts, bool hasPostNumber, string where, Dictionary<(string, string), string> into)
    {
        foreach (var (key, byLanguage) in texts)
        {
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{where}: unknown text '{key}' ({string.Join(", ", Keys)}).");
            }

            foreach (var (language, text) in byLanguage ?? [])
            {
                if (!Languages.Supported.Contains(language))
                {
                    throw new InvalidDataException($"{where} texts.{key}: unknown language '{language}' (nl, fr, de or en).");
                }

                into[(key, language)] = Checked(text, key, hasPostNumber, $"{where} texts.{key}.{language}")
                    ?? throw new InvalidDataException($"{where} texts.{key}.{language}: the text is empty.");
            }
        }

        return into;
    }

    /// <summary>The text, trimmed, when every placeholder in it is known for its key; null when blank.</summary>
    private static string? Checked(string? text, string key, bool hasPostNumber, string where)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (key == Choose && text.Trim().Length > 20)
        {
            throw new InvalidDataException($"{where}: at most 20 characters (WhatsApp's list button).");
        }

        if (key == PrivacyNoticeKey && (!text.Contains(PrivacyUrl, StringComparison.Ordinal) || text.Trim().Length > MaxPrivacyNotice))
        {
            throw new InvalidDataException($"{where}: the privacy notice links to the privacy page ({PrivacyUrl}) in at most {MaxPrivacyNotice} characters.");
        }

        foreach (Match placeholder in Placeholder().Matches(text))
        {
            var name = placeholder.Value;
            var known = name switch
            {
                OpensAt => key is Ack or PostClosed,
                PrivacyUrl => key is PrivacyNoticeKey,
                PostPlaceholder => key is PostNoticeKey or PostNoticeMoved,
                PostEmergency => key != EmergencyCentral && hasPostNumber,
                CentralEmergency => true,
                _ => false,
            };
            if (!known)
            {
                throw new InvalidDataException(name is OpensAt or PostEmergency or PostPlaceholder
                    ? $"{where}: {name} cannot be used here ({OpensAt} only in '{Ack}' and '{PostClosed}', {PostPlaceholder} only in '{PostNoticeKey}' and '{PostNoticeMoved}', {PostEmergency} only for a post with an emergency number, never in '{EmergencyCentral}')."
                    : name == PrivacyUrl ? $"{where}: {PrivacyUrl} only in '{PrivacyNoticeKey}'."
                    : $"{where}: unknown placeholder {name} (known: {OpensAt}, {PostPlaceholder}, {PostEmergency}, {CentralEmergency}, {PrivacyUrl}).");
            }
        }

        return text.Trim();
    }

    /// <summary>The longest privacy notice text (before its link): short enough to ride any automatic message.</summary>
    internal const int MaxPrivacyNotice = 300;

    private static string? Number(string? number, string where)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        return PhoneNumber().IsMatch(number.Trim())
            ? number.Trim()
            : throw new InvalidDataException($"{where}: emergency number '{number}' must be written +<country code> and digits (spaces allowed).");
    }

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\+[0-9][0-9 ]{5,23}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}
