using System.Collections.Frozen;

namespace ConsularHelpdesk.Routing.Text;

/// <summary>Language codes the helpdesk tells apart.</summary>
internal static class Languages
{
    public const string Nl = "nl";
    public const string Fr = "fr";
    public const string De = "de";
    public const string En = "en";

    /// <summary>A language recognised as none of the four (Spanish, Portuguese, Italian, Turkish, another script…).</summary>
    public const string Other = "other";

    /// <summary>Too little text to tell ("ok", "👍", a number, a place name alone).</summary>
    public const string Unknown = "unknown";

    /// <summary>The languages the system writes to citizens in.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Nl, Fr, De, En];

    /// <summary>What the citizen sees to choose a language (<c>LANG:xx</c> answers): each language's name in itself.</summary>
    public static IReadOnlyList<(string Code, string Name)> Choices { get; } = [(Nl, "Nederlands"), (Fr, "Français"), (De, "Deutsch"), (En, "English")];

    // Nothing told: Dutch and French, the languages most citizens write in; never English to a citizen who wrote in Dutch.
    private static readonly string[] WhenUnknown = [Nl, Fr];
    private static readonly string[] WhenOther = [En];

    /// <summary>
    /// The languages to write to a citizen in: their own when it is one of the four (chosen or detected); English when
    /// they write another language (Spanish, Turkish…: English is the one most of them read; they are offered the choice);
    /// Dutch and French, both in one message, when nothing could be told.
    /// </summary>
    public static IReadOnlyList<string> ReplyLanguages(string? language) =>
        language switch
        {
            Nl => [Nl],
            Fr => [Fr],
            De => [De],
            En => [En],
            Other => WhenOther,
            _ => WhenUnknown,
        };

    /// <summary>The one language to answer in where a text can have only one (a template, a canned response): the first of <see cref="ReplyLanguages"/>.</summary>
    public static string ReplyLanguage(string? language) => ReplyLanguages(language)[0];

    /// <summary>One of the four languages the citizen can be written to in alone (chosen or detected).</summary>
    public static bool IsKnown(string? language) => language is Nl or Fr or De or En;
}

/// <summary>The language of a text, how sure the detector is (0..1: its margin over the next language) and how many words it read.</summary>
internal sealed record DetectedLanguage(string Code, double Confidence, int Words = 0);

/// <summary>
/// Tells Dutch, French, German and English apart (and recognises some other languages as <see cref="Languages.Other"/>)
/// in the short, informal messages citizens send. Hand-written: the package registries this project uses offer no
/// maintained language-detection library for .NET, so this scores stop words (the strongest signal in short texts),
/// the words a chat opens or answers with (greetings, thanks, yes and no: enough alone, so that "Bonjour", "Dank u" or
/// "Nein" are told), and a few character sequences typical of each language. A tie goes to the language more citizens
/// write in (Dutch, French, then English, German): "Hallo" alone is Dutch. Kept small; its accuracy on short messages is
/// measured by a test set written for it (tests: <c>Routing/Text/Data/language-samples.tsv</c>).
/// </summary>
internal static class LanguageDetector
{
    private const double MinimumScore = 1.5;
    private const double StopWordWeight = 1;

    // A greeting, a thanks, a yes or a no is enough alone; in a longer message it counts a little more than a stop word,
    // so that "Bonjour, ik ben mijn paspoort kwijt" stays Dutch.
    private const double ChatWordWeight = 1.5;

    // Ties go to the first: the helpdesk's languages before the others, by how many citizens write in them.
    private static readonly string[] Priority = [Languages.Nl, Languages.Fr, Languages.En, Languages.De, "es", "pt", "it", "tr", "pl", "ro"];

    // Frequent function words, chat words and the words of consular messages, folded (no diacritics). A word in several lists counts for each.
    private static readonly Dictionary<string, string> StopWords = new()
    {
        [Languages.Nl] = "de het een en ik je jij u uw mijn mij me we wij ons onze zij hij ze is ben bent zijn was waren heb hebt heeft hebben "
            + "niet geen wel ook nog maar of dat die dit deze wat wie waar waarom hoe wanneer naar van voor met bij op uit over tot om te "
            + "zit zitten kan kunnen moet moeten wil willen graag alsjeblieft alstublieft dank bedankt hallo goedemorgen goedendag dag hier daar "
            + "er al nu even heel veel meer kunt gestolen paspoort verloren hulp nodig mogelijk iemand mensen ambassade consulaat zitten vast "
            + "gewoon echt ja nee want omdat als dan toen zo hoi van jullie woon wonen vlucht ziek ziekenhuis kwijt middag avond goede goed "
            + "mevrouw meneer weet weten doen geweest gearresteerd beroofd identiteitskaart rijbewijs portefeuille bagage antwoord reactie "
            + "lang duurt vraag vragen attest help helpen klopt orde sorry",
        [Languages.Fr] = "le la les un une des du de et je tu il elle nous vous ils elles mon ma mes ton ta votre vos notre nos est suis es sont "
            + "etait ai as avons avez ont pas ne plus que qui quoi ou quand comment pourquoi dans sur avec pour par chez au aux en ce cet cette ces "
            + "mais donc car merci bonjour bonsoir salut oui non aide besoin passeport vole perdu ambassade consulat peux pouvez veux voudrais "
            + "etre avoir tres aussi encore ici tout tous svp s il vous plait c est j suis n y a me se te fait sommes va bien ca prend combien "
            + "temps personnes quatre bonne journee soiree madame monsieur beaucoup accord aidez aider urgence malade vol annule bloque "
            + "reponse toujours desole habite viens",
        [Languages.De] = "der die das ein eine einen einem einer und ich du er sie es wir ihr mein meine meinen mir mich dein ihre unser "
            + "ist bin bist sind war waren habe hast hat haben nicht kein keine auch noch aber oder dass was wer wo warum wie wann nach von "
            + "fur mit bei auf aus uber zu zum zur im am um ins kann konnen muss mussen will mochte bitte danke hallo guten tag morgen hier da "
            + "jetzt schon sehr viel mehr hilfe brauche reisepass gestohlen verloren botschaft konsulat ja nein weil wenn dann so gibt es "
            + "wurde wurden worden wohne flug frau mann sohn tochter krank krankenhaus verhaftet genau uns geht gut abend pass gepack "
            + "antwort helfen sie ihnen personen geoffnet dank vielen weiss tun soll",
        [Languages.En] = "the a an and i you he she it we they my me your our their is am are was were have has had do does did not no "
            + "but or that this these those what who where why how when to of for with at on in from by about can could will would should "
            + "please thanks thank hello hi help need passport stolen lost embassy consulate there here now just very much more yes so "
            + "because if then im i'm dont can't cant stuck been any some don t anyone someone still got flight sick wallet stole dear sir "
            + "madam answer reply late luggage gone robbed hospital morning evening good fine right",
        ["es"] = "el la los las un una y yo tu usted es estoy esta estan soy somos que de del en con por para pero mi mis su necesito "
            + "ayuda pasaporte robado perdido embajada hola gracias donde como cuando porque muy tambien ahora aqui robaron buenos buenas dias",
        ["pt"] = "o a os as um uma e eu voce tu ele ela nos estou esta estao sou somos que de do da dos das em no na com por para mas "
            + "meu minha preciso ajuda passaporte roubado perdido embaixada ola obrigado obrigada onde como quando porque muito tambem agora aqui nao "
            + "perdi bom dia",
        ["it"] = "il lo la gli le un una e io tu lui lei noi voi sono sei siamo che di del della in con per ma mio mia ho ha abbiamo "
            + "aiuto bisogno passaporto rubato perso ambasciata ciao grazie dove come quando perche molto anche adesso qui non buongiorno mille",
        ["tr"] = "ve bir bu ben sen o biz siz onlar benim senin icin ile ama cok var yok evet hayir merhaba tesekkurler tesekkur ederim "
            + "yardim pasaport calindi kayip buyukelcilik konsolosluk nerede nasil neden simdi burada lutfen degil mi kaybettim pasaportumu",
        ["pl"] = "i w z na do nie tak jest jestem sie to ze mam moj moja paszport pomocy pomoc prosze dziekuje dzien dobry czesc zgubilem "
            + "zgubilam ukradli ambasada gdzie",
        ["ro"] = "si in la de pe cu nu da sunt este am ai am nevoie ajutor pasaport buna ziua multumesc va rog unde ambasada pierdut furat",
    };

    // Words a chat opens or answers with, each of one language (or two: "hallo", "ja"): enough alone.
    private static readonly Dictionary<string, string> ChatWords = new()
    {
        [Languages.Nl] = "hallo hoi hey dag goedemorgen goeiemorgen goedemiddag goeiemiddag goedenavond goeienavond goedendag goeiedag "
            + "dank bedankt dankjewel dankuwel dankje ja nee neen oke alstublieft alsjeblieft aub groetjes doei tot ziens",
        [Languages.Fr] = "bonjour bonsoir salut coucou bjr slt merci oui ouais non svp stp daccord volontiers bonne journee soiree au revoir "
            + "secours",
        [Languages.De] = "hallo moin servus gruss gott gruezi guten morgen abend danke dankeschon vielen ja nein jawohl bitte tschuss "
            + "hilfe",
        [Languages.En] = "hello hi hey thanks thank thx cheers yes yeah yep nope please morning afternoon evening dear bye goodbye okay",
        ["es"] = "hola gracias buenos buenas dias si",
        ["pt"] = "ola obrigado obrigada bom dia",
        ["it"] = "ciao grazie buongiorno buonasera",
        ["tr"] = "merhaba tesekkurler tesekkur",
        ["pl"] = "dzien dobry dziekuje czesc",
        ["ro"] = "buna ziua multumesc",
    };

    // How much each word counts for each language: the larger of its weights as a stop word and as a chat word.
    private static readonly FrozenDictionary<string, (string Language, double Weight)[]> WordWeights = BuildWordWeights();

    // Character sequences (on the folded, lower-case text with spaces around words) typical of one language.
    private static readonly (string Language, string Gram, double Weight)[] Grams =
    [
        (Languages.Nl, "ij", 0.5), (Languages.Nl, "aa", 0.4), (Languages.Nl, "oe", 0.3), (Languages.Nl, "uu", 0.4), (Languages.Nl, "sch", 0.2),
        (Languages.Nl, "cht ", 0.3), (Languages.Nl, "en ", 0.1), (Languages.Nl, " ge", 0.2),
        (Languages.De, "sch", 0.3), (Languages.De, "ung ", 0.5), (Languages.De, "ich ", 0.3), (Languages.De, "cht", 0.2), (Languages.De, "tz", 0.3),
        (Languages.De, "ei", 0.2), (Languages.De, "ie", 0.1), (Languages.De, "ss", 0.1),
        (Languages.Fr, "eau", 0.5), (Languages.Fr, "oux", 0.4), (Languages.Fr, "ez ", 0.3), (Languages.Fr, "qu", 0.3), (Languages.Fr, "tion", 0.1),
        (Languages.Fr, "ais ", 0.4), (Languages.Fr, "ont ", 0.2), (Languages.Fr, " j ", 0.3), (Languages.Fr, " l ", 0.3), (Languages.Fr, " d ", 0.3),
        (Languages.En, "th", 0.4), (Languages.En, "wh", 0.4), (Languages.En, "ing ", 0.5), (Languages.En, "ght", 0.4), (Languages.En, "ly ", 0.3),
        (Languages.En, " m ", 0.2),
    ];

    // Letters with diacritics that point to one language before folding removes them.
    private static readonly (string Language, string Letters, double Weight)[] Marks =
    [
        (Languages.Fr, "éèêàçùûœ", 0.6), (Languages.De, "äöüß", 0.8), (Languages.Nl, "ë", 0.4),
        ("es", "ñ¿¡", 1.5), ("pt", "ãõ", 1.5), ("tr", "ğşı", 1.5), ("pl", "ąęłńśźż", 1.5), ("ro", "ășț", 1.5),
    ];

    /// <summary>Every stop word and chat word of Dutch, French, German and English (folded): words never taken for places.</summary>
    internal static FrozenSet<string> CommonWords { get; } = StopWords.Concat(ChatWords)
        .Where(kv => Languages.Supported.Contains(kv.Key))
        .SelectMany(kv => Words(kv.Value))
        .ToFrozenSet(StringComparer.Ordinal);

    public static DetectedLanguage Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new DetectedLanguage(Languages.Unknown, 0);
        }

        var letters = text.Count(char.IsLetter);
        var nonLatin = text.Count(c => char.IsLetter(c) && c > 'ʯ'); // past Latin Extended and IPA: Arabic, Cyrillic, CJK…
        if (letters > 0 && nonLatin * 2 > letters && letters >= 2)
        {
            return new DetectedLanguage(Languages.Other, 0.8);
        }

        var tokens = TextNormalizer.Tokenize(text).Where(t => t.Norm.Any(char.IsLetter)).ToList();
        if (tokens.Count == 0 || letters < 2)
        {
            return new DetectedLanguage(Languages.Unknown, 0);
        }

        var scores = Priority.ToDictionary(k => k, _ => 0.0, StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            foreach (var (language, weight) in WordWeights.GetValueOrDefault(token.Norm) ?? [])
            {
                scores[language] += weight;
            }
        }

        // One word alone is told only by a chat word ("Merci", "Nein"): a stop word or a place name alone says too little.
        var fromWords = scores.Values.Max();
        var folded = " " + string.Join(' ', tokens.Select(t => t.Norm)) + " ";
        foreach (var (language, gram, weight) in Grams)
        {
            scores[language] += weight * Math.Min(3, Occurrences(folded, gram));
        }

        if (!System.Text.Ascii.IsValid(text)) // every mark is past ASCII: most texts need no pass per language
        {
            foreach (var (language, marks, weight) in Marks)
            {
                scores[language] += weight * Math.Min(3, text.Count(c => c > '\u007f' && marks.Contains(char.ToLowerInvariant(c), StringComparison.Ordinal)));
            }
        }

        var ranked = scores.OrderByDescending(kv => Math.Round(kv.Value, 6)).ThenBy(kv => Array.IndexOf(Priority, kv.Key)).ToList();
        var (best, bestScore) = (ranked[0].Key, ranked[0].Value);
        var second = ranked[1].Value;
        if (bestScore < MinimumScore || (tokens.Count < 2 && fromWords < ChatWordWeight))
        {
            return new DetectedLanguage(Languages.Unknown, 0);
        }

        var confidence = Math.Round(Math.Clamp((bestScore - second) / bestScore, 0.05, 0.99), 2);
        return Languages.Supported.Contains(best)
            ? new DetectedLanguage(best, confidence, tokens.Count)
            : new DetectedLanguage(Languages.Other, confidence, tokens.Count);
    }

    private static FrozenDictionary<string, (string Language, double Weight)[]> BuildWordWeights()
    {
        var weights = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (lists, weight) in new[] { (StopWords, StopWordWeight), (ChatWords, ChatWordWeight) })
        {
            foreach (var (language, words) in lists)
            {
                foreach (var word in Words(words))
                {
                    var byLanguage = weights.TryGetValue(word, out var known) ? known : weights[word] = new Dictionary<string, double>(StringComparer.Ordinal);
                    byLanguage[language] = Math.Max(byLanguage.GetValueOrDefault(language), weight);
                }
            }
        }

        return weights.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Select(w => (w.Key, w.Value)).ToArray(), StringComparer.Ordinal);
    }

    private static int Occurrences(string text, string gram)
    {
        var count = 0;
        for (var i = text.IndexOf(gram, StringComparison.Ordinal); i >= 0; i = text.IndexOf(gram, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static IEnumerable<string> Words(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(TextNormalizer.Fold).Distinct(StringComparer.Ordinal);
}
