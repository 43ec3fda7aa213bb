using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Routing;

/// <summary>
/// Why a conversation went where it did, as data (a code and its arguments), so that agents read it in their own
/// language. Arguments starting with <c>post:</c> are post ids, shown by the post's name in that language.
/// </summary>
internal sealed record RoutingReason(string Code, IReadOnlyList<string> Args)
{
    public const string Channel = "channel";
    public const string Location = "location";
    public const string Text = "text";
    public const string TextAmbiguous = "text-ambiguous";
    public const string Answer = "answer";
    public const string Phone = "phone";
    public const string Ask = "ask";
    public const string Manual = "manual";

    private static readonly Dictionary<string, (string Nl, string Fr, string De, string En)> Templates = new(StringComparer.Ordinal)
    {
        [Channel] = (
            "Geschreven naar het {0}-account van {1}.",
            "Écrit au compte {0} de {1}.",
            "An das {0}-Konto von {1} geschrieben.",
            "Written to the {0} account of {1}."),
        [Location] = (
            "Gedeelde locatie ligt in {0}, bediend door {1}.",
            "La position partagée se trouve en {0}, desservie par {1}.",
            "Der geteilte Standort liegt in {0}, zuständig: {1}.",
            "Shared location lies in {0}, served by {1}."),
        [Text] = (
            "De tekst noemt \"{0}\": {1}, bediend door {2}.",
            "Le texte mentionne « {0} » : {1}, desservi par {2}.",
            "Der Text nennt „{0}“: {1}, zuständig: {2}.",
            "The text names \"{0}\": {1}, served by {2}."),
        [TextAmbiguous] = (
            "De tekst noemt \"{0}\": {1} (kan ook {3} zijn), bediend door {2}.",
            "Le texte mentionne « {0} » : {1} (peut-être aussi {3}), desservi par {2}.",
            "Der Text nennt „{0}“: {1} (könnte auch {3} sein), zuständig: {2}.",
            "The text names \"{0}\": {1} (could also be {3}), served by {2}."),
        [Answer] = (
            "De burger antwoordde in {0} te zijn, bediend door {1}.",
            "Le citoyen a répondu se trouver en {0}, desservi par {1}.",
            "Der Bürger antwortete, in {0} zu sein, zuständig: {1}.",
            "The citizen answered they are in {0}, served by {1}."),
        [Phone] = (
            "Zwakke aanwijzing: het telefoonnummer komt uit {0}, bediend door {1}.",
            "Indice faible : le numéro de téléphone vient de {0}, desservi par {1}.",
            "Schwacher Hinweis: Die Telefonnummer stammt aus {0}, zuständig: {1}.",
            "Weak hint: the phone number is from {0}, served by {1}."),
        [Ask] = (
            "Niets zegt waar de burger is: de centrale 24/7-helpdesk houdt het gesprek en vraagt het.",
            "Rien n'indique où se trouve le citoyen : le helpdesk central 24/7 garde la conversation et le lui demande.",
            "Nichts verrät, wo der Bürger ist: Der zentrale 24/7-Helpdesk behält das Gespräch und fragt nach.",
            "Nothing tells where the citizen is: the central 24/7 desk holds the conversation and asks them."),
        [Manual] = (
            "Met de hand overgedragen aan {0}: {1}",
            "Transféré manuellement à {0} : {1}",
            "Von Hand an {0} übergeben: {1}",
            "Transferred by hand to {0}: {1}"),
    };

    public static RoutingReason Of(string code, params string[] args) => new(code, args);

    public static string PostArg(string postId) => "post:" + postId;

    /// <summary>The reason in nl, fr, de and en.</summary>
    public IReadOnlyDictionary<string, string> Render(PostCatalog catalog) => new Dictionary<string, string>
    {
        ["nl"] = Render("nl", catalog),
        ["fr"] = Render("fr", catalog),
        ["de"] = Render("de", catalog),
        ["en"] = Render("en", catalog),
    };

    public string Render(string language, PostCatalog catalog)
    {
        if (!Templates.TryGetValue(Code, out var template))
        {
            return Code;
        }

        var format = language switch { "nl" => template.Nl, "fr" => template.Fr, "de" => template.De, _ => template.En };
        var args = Args.Select(a => a.StartsWith("post:", StringComparison.Ordinal) && catalog.TryGet(a[5..], out var post)
            ? post.NameIn(language)
            : a).ToArray<object>();
        return string.Format(CultureInfo.InvariantCulture, format, args);
    }

    public string ToJson() => JsonSerializer.Serialize(this, RoutingReasonJsonContext.Default.RoutingReason);

    public static RoutingReason? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, RoutingReasonJsonContext.Default.RoutingReason);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RoutingReason))]
internal sealed partial class RoutingReasonJsonContext : JsonSerializerContext;
