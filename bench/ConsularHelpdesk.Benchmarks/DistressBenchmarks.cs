using BenchmarkDotNet.Attributes;
using ConsularHelpdesk.Distress;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// The distress assessment of a 600-character text in each language, in distress and ordinary, with the language
/// given (as the conversation knows it) and detected (target under 50 µs).
/// </summary>
[MemoryDiagnoser]
public class DistressBenchmarks
{
    private static readonly Dictionary<string, (string Language, string Text)> Cases = new()
    {
        ["nl-distress"] = ("nl", "Goedenavond, ik weet niet meer wat ik moet doen. Mijn zoon is gisteren in Marrakech gearresteerd na een ruzie in een bar en niemand wil ons zeggen waar hij is. Zijn vriend is in elkaar geslagen en ligt in het ziekenhuis. Ze hebben zijn paspoort en al zijn geld afgenomen. "),
        ["nl-ordinary"] = ("nl", "Goedemiddag, ik woon sinds twee jaar in Lissabon en mijn paspoort verloopt over drie maanden. Kan ik een afspraak maken om het te vernieuwen, en welke documenten moet ik meebrengen? Ik heb ook een vraag over de inschrijving van mijn dochter die hier geboren is en over de pasfoto. "),
        ["fr-distress"] = ("fr", "Bonsoir, je vous écris en urgence. Mon mari a eu un accident de voiture près de Dakar, il est à l'hôpital et il est dans le coma. On nous a volé nos passeports et tout notre argent pendant la nuit, nous sommes bloqués sans argent et nous ne pouvons pas rentrer en Belgique. "),
        ["fr-ordinary"] = ("fr", "Bonjour, je souhaiterais prendre rendez-vous au consulat pour renouveler ma carte d'identité et inscrire mon fils né à Montréal l'année dernière. Pourriez-vous me dire quels documents je dois apporter, s'il faut une photo d'identité et combien de temps prend la procédure ? Merci. "),
        ["de-distress"] = ("de", "Guten Abend, bitte helfen Sie uns. Ich bin in Lissabon im Krankenhaus nach einem Unfall mit dem Roller, mein Freund wurde schwer verletzt und liegt auf der Intensivstation. Unsere Tasche mit den Pässen wurde gestohlen, wir haben kein Geld mehr und kommen nicht nach Hause. "),
        ["de-ordinary"] = ("de", "Guten Tag, ich lebe seit einigen Jahren in Toronto und möchte meinen Reisepass verlängern. Muss ich dafür persönlich ins Konsulat kommen oder geht das auch per Post? Außerdem brauche ich eine beglaubigte Kopie meiner Geburtsurkunde für die Hochzeit im Sommer. Vielen Dank. "),
        ["en-distress"] = ("en", "Hello, please help us. My daughter was attacked last night in Bangkok and we think she was drugged, she is now in hospital and the police took her passport. Her friend has been missing since yesterday and we cannot reach her. We have no money left and no way home. "),
        ["en-ordinary"] = ("en", "Good afternoon, I have lived in Cape Town for three years and would like to know how to renew my passport before my trip to Europe next spring. Do I need an appointment, which documents should I bring, and can I pay by card? I also need to register the birth of my son. "),
    };

    private DistressAssessor _assessor = null!;
    private string _language = null!;
    private string _text = null!;

    [Params("nl-distress", "nl-ordinary", "fr-distress", "fr-ordinary", "de-distress", "de-ordinary", "en-distress", "en-ordinary")]
    public string Case { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _assessor = new DistressAssessor(DistressPhraseLists.Load());
        var (language, sentences) = Cases[Case];
        var text = sentences;
        while (text.Length < 600)
        {
            text += sentences;
        }

        _language = language;
        _text = text[..text.LastIndexOf(' ', 600)];
    }

    [Benchmark]
    public int LanguageGiven() => (int)_assessor.Assess(_text, _language).Level;

    [Benchmark]
    public int LanguageDetected() => (int)_assessor.Assess(_text, null).Level;
}
