using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Core.Tests.Routing.Text;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("Ik zit in Lubumbashi en mijn paspoort is gestolen", Languages.Nl)]
    [InlineData("Goedemorgen, ik heb hulp nodig want ik ben mijn paspoort verloren", Languages.Nl)]
    [InlineData("waar kan ik een nieuw paspoort aanvragen?", Languages.Nl)]
    [InlineData("Je suis à Porto Alegre", Languages.Fr)]
    [InlineData("Bonjour, on m'a volé mon passeport, que dois-je faire ?", Languages.Fr)]
    [InlineData("je suis bloquée à l'aéroport", Languages.Fr)]
    [InlineData("Ich bin in Tiflis, Georgien", Languages.De)]
    [InlineData("Guten Tag, mein Reisepass wurde gestohlen. Was soll ich tun?", Languages.De)]
    [InlineData("Hallo, ich brauche dringend Hilfe", Languages.De)]
    [InlineData("I'm in Atlanta, Georgia", Languages.En)]
    [InlineData("Hello, my passport was stolen yesterday. What should I do?", Languages.En)]
    [InlineData("stuck at the airport, need help", Languages.En)]
    public void Detects_the_four_languages_the_helpdesk_answers_in(string text, string expected)
    {
        var detected = LanguageDetector.Detect(text);

        detected.Code.Should().Be(expected);
        detected.Confidence.Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData("Hallo", Languages.Nl)]
    [InlineData("Dank u", Languages.Nl)]
    [InlineData("nee", Languages.Nl)]
    [InlineData("Bonjour", Languages.Fr)]
    [InlineData("Merci", Languages.Fr)]
    [InlineData("Oui", Languages.Fr)]
    [InlineData("Danke", Languages.De)]
    [InlineData("Nein", Languages.De)]
    [InlineData("Thanks", Languages.En)]
    [InlineData("Yes", Languages.En)]
    public void A_greeting_a_thanks_or_a_yes_or_no_alone_is_enough(string text, string expected)
    {
        LanguageDetector.Detect(text).Code.Should().Be(expected);
    }

    [Theory]
    [InlineData("Bonjour, ik ben mijn paspoort kwijt", Languages.Nl)]
    [InlineData("Hallo, je suis à Berlin", Languages.Fr)]
    [InlineData("Bonjour, I lost my passport", Languages.En)]
    [InlineData("Bonjour Lisbonne", Languages.Fr)]
    [InlineData("Hello Lisbon", Languages.En)]
    [InlineData("Guten Morgen, wir sind in Marrakesch", Languages.De)]
    public void A_mixed_message_or_a_greeting_with_a_city_goes_by_its_words(string text, string expected)
    {
        LanguageDetector.Detect(text).Code.Should().Be(expected);
    }

    [Theory]
    [InlineData("Hola, me robaron el pasaporte y necesito ayuda")]
    [InlineData("Olá, o meu passaporte foi roubado, preciso de ajuda")]
    [InlineData("Ciao, mi hanno rubato il passaporto, ho bisogno di aiuto")]
    [InlineData("Merhaba, pasaportum çalındı, yardım lütfen")]
    [InlineData("مرحبا، سرق جواز سفري")]
    [InlineData("Здравствуйте, у меня украли паспорт")]
    public void Other_languages_are_recognised_as_other(string text)
    {
        LanguageDetector.Detect(text).Code.Should().Be(Languages.Other);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ok")]
    [InlineData("👍")]
    [InlineData("12345")]
    [InlineData("+32 2 501 81 11")]
    [InlineData("Lubumbashi")]
    public void Too_little_text_is_unknown(string text)
    {
        LanguageDetector.Detect(text).Code.Should().Be(Languages.Unknown);
    }

    [Theory]
    [InlineData(Languages.Nl, "nl")]
    [InlineData(Languages.Fr, "fr")]
    [InlineData(Languages.De, "de")]
    [InlineData(Languages.En, "en")]
    [InlineData(Languages.Other, "en")]
    [InlineData(Languages.Unknown, "nl,fr")]
    [InlineData(null, "nl,fr")]
    public void Replies_follow_the_citizen_and_are_in_dutch_and_french_when_nothing_tells(string? language, string reply)
    {
        string.Join(',', Languages.ReplyLanguages(language)).Should().Be(reply);
    }
}
