using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Core.Tests.Routing.Text;

public sealed class CitizenTextsTests
{
    private static readonly CitizenTexts Texts = CitizenTexts.LoadEmbedded();

    [Fact]
    public void Every_key_exists_in_all_four_languages()
    {
        Texts.Languages.Should().BeEquivalentTo(Languages.Supported);
        var english = Texts.KeysOf(Languages.En);
        foreach (var language in Languages.Supported)
        {
            Texts.KeysOf(language).Should().BeEquivalentTo(english, $"{language} must have every key English has");
            foreach (var key in english)
            {
                Texts.Get(key, language).Should().NotBeNullOrWhiteSpace($"{language}/{key}");
            }
        }
    }

    [Fact]
    public void Every_key_the_code_names_has_a_text()
    {
        string[] keys =
        [
            CitizenTextKeys.IntakeQuestion, CitizenTextKeys.IntakeExplanation, CitizenTextKeys.ReplyShareLocation,
            CitizenTextKeys.ReplyInBelgium, CitizenTextKeys.ReplyOtherCountry, CitizenTextKeys.ReplyOtherCountryHint,
        ];

        Texts.KeysOf(Languages.En).Should().BeEquivalentTo(keys);
    }

    [Theory]
    [InlineData(Languages.Nl)]
    [InlineData(Languages.Fr)]
    [InlineData(Languages.De)]
    [InlineData(Languages.En)]
    public void Quick_reply_titles_fit_a_whatsapp_button(string language)
    {
        foreach (var key in CitizenTextKeys.IntakeReplies)
        {
            Texts.Get(key, language).Length.Should().BeLessThanOrEqualTo(20, $"{language}/{key}");
        }
    }

    [Theory]
    [InlineData(Languages.Nl, "Waar bent u nu?")]
    [InlineData(Languages.Fr, "Où êtes-vous actuellement ?")]
    [InlineData(Languages.De, "Wo befinden Sie sich gerade?")]
    [InlineData(Languages.En, "Where are you now?")]
    [InlineData(Languages.Other, "Where are you now?")]
    [InlineData(Languages.Unknown, "Where are you now?")]
    public void The_intake_question_follows_the_citizens_language_and_falls_back_to_english(string language, string expected)
    {
        Texts.Get(CitizenTextKeys.IntakeQuestion, language).Should().Be(expected);
    }

    [Fact]
    public void The_detected_language_picks_the_texts()
    {
        var detected = LanguageDetector.Detect("Bonjour, on m'a volé mon passeport");

        Texts.Get(CitizenTextKeys.IntakeQuestion, Languages.ReplyLanguage(detected.Code)).Should().Be("Où êtes-vous actuellement ?");
    }
}
