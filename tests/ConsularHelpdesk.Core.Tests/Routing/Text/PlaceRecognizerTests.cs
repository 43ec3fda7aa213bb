using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Core.Tests.Routing.Text;

public sealed class PlaceRecognizerTests
{
    private static readonly PlaceRecognizer Recognizer = PlaceRecognizer.LoadEmbedded();

    [Theory]
    [InlineData("Ik zit in Lubumbashi en mijn paspoort is gestolen", "CD", "CD-HK")]
    [InlineData("Je suis à Porto Alegre", "BR", "BR-RS")]
    [InlineData("Ich bin in Tiflis, Georgien", "GE", "GE-TB")]
    [InlineData("I'm in Atlanta, Georgia", "US", "US-GA")]
    [InlineData("Congo-Brazzaville", "CG", null)]
    [InlineData("Kinshasa", "CD", "CD-KN")]
    [InlineData("Guinée équatoriale", "GQ", null)]
    [InlineData("Ik ben in Equatoriaal-Guinea", "GQ", null)]
    [InlineData("guinee-bissau", "GW", null)]
    [InlineData("we are in Papua New Guinea", "PG", null)]
    [InlineData("Sao Paolo", "BR", "BR-SP")]
    [InlineData("Rio de Janiero", "BR", "BR-RJ")]
    [InlineData("Lisabon", "PT", "PT-11")]
    [InlineData("Washington", "US", "US-DC")]
    [InlineData("Washington State, near Seattle", "US", "US-WA")]
    [InlineData("I am Belgian, in Lisbon", "PT", "PT-11")]
    [InlineData("I am from Belgium, now in Lisbon", "PT", "PT-11")]
    [InlineData("Ik kom uit België maar zit nu in Lissabon", "PT", "PT-11")]
    [InlineData("Tbilisi", "GE", "GE-TB")]
    [InlineData("stuck in TIBLISI", "GE", "GE-TB")]
    [InlineData("je suis à Genève", "CH", "CH-GE")]
    [InlineData("wir sind in Genf", "CH", "CH-GE")]
    [InlineData("Nous sommes à Anvers", "BE", "BE-VLG")]
    [InlineData("ik ben in Moskou", "RU", "RU-MOW")]
    [InlineData("je suis à Pékin", "CN", "CN-BJ")]
    [InlineData("Wij zitten vast in Kaapstad", "ZA", "ZA-WC")]
    [InlineData("Montreal", "CA", "CA-QC")]
    [InlineData("bloqué à Goma, RDC", "CD", "CD-NK")]
    [InlineData("Bukavu", "CD", "CD-SK")]
    [InlineData("in Mumbai since Monday", "IN", "IN-MH")]
    [InlineData("Istanbul havalimanı", "TR", "TR-34")]
    [InlineData("New York", "US", "US-NY")]
    [InlineData("ich bin in Sankt Petersburg", "RU", "RU-SPE")]
    public void Best_place_is_the_one_the_citizen_is_in(string text, string country, string? subdivision)
    {
        var mentions = Recognizer.Find(text);

        mentions.Should().NotBeEmpty();
        mentions[0].Place.Country.Should().Be(country);
        if (subdivision is not null)
        {
            mentions[0].Place.Subdivision.Should().Be(subdivision);
        }
    }

    [Fact]
    public void Georgia_alone_is_the_country_with_the_us_state_as_alternative()
    {
        var mentions = Recognizer.Find("stuck in georgia");

        mentions.Should().ContainSingle();
        mentions[0].Place.Should().Be(new Place("GE"));
        mentions[0].Kind.Should().Be(MentionKind.Country);
        mentions[0].Alternatives.Should().Contain(new Place("US", "US-GA"));
    }

    [Fact]
    public void Georgia_with_the_usa_named_is_the_us_state()
    {
        var mentions = Recognizer.Find("I live in Georgia, USA");

        mentions[0].Place.Should().Be(new Place("US", "US-GA"));
        mentions[0].Alternatives.Should().Contain(new Place("GE"));
    }

    [Fact]
    public void Congo_alone_is_kinshasa_with_brazzaville_as_alternative()
    {
        var mention = Recognizer.Find("Je suis au Congo").Should().ContainSingle().Subject;

        mention.Place.Should().Be(new Place("CD"));
        mention.Alternatives.Should().Contain(new Place("CG"));
    }

    [Theory]
    [InlineData("Ik zit in Congo, in Brazzaville", "CG")]
    [InlineData("Congo, Lubumbashi", "CD")]
    [InlineData("Democratische Republiek Congo", "CD")]
    public void Congo_follows_the_cities_and_long_names_around_it(string text, string country)
    {
        var mentions = Recognizer.Find(text);

        mentions.Should().OnlyContain(m => m.Place.Country == country);
    }

    [Fact]
    public void Guinea_alone_is_guinea_with_the_other_guineas_as_alternatives()
    {
        var mention = Recognizer.Find("I am in Guinea").Should().ContainSingle().Subject;

        mention.Place.Should().Be(new Place("GN"));
        mention.Alternatives.Should().Contain([new Place("GW"), new Place("GQ"), new Place("PG")]);
    }

    [Fact]
    public void Washington_alone_is_the_capital_with_the_state_as_alternative()
    {
        var mention = Recognizer.Find("Washington").Should().ContainSingle().Subject;

        mention.Place.Should().Be(new Place("US", "US-DC"));
        mention.Kind.Should().Be(MentionKind.City);
        mention.Alternatives.Should().Contain(new Place("US", "US-WA"));
    }

    [Fact]
    public void Washington_with_seattle_named_is_the_state()
    {
        var mentions = Recognizer.Find("Washington, Seattle");

        mentions.Should().OnlyContain(m => m.Place == new Place("US", "US-WA"));
    }

    [Theory]
    [InlineData("Valencia", "VE", "ES")]
    [InlineData("Córdoba", "AR", "ES")]
    [InlineData("London", "GB", "CA")]
    public void A_city_name_of_several_countries_is_the_most_populous_with_the_others_as_alternatives(string text, string best, string alternative)
    {
        var mention = Recognizer.Find(text).Should().ContainSingle().Subject;

        mention.Place.Country.Should().Be(best);
        mention.Alternatives.Select(p => p.Country).Should().Contain(alternative);
    }

    [Fact]
    public void A_city_name_of_several_countries_follows_the_country_named()
    {
        var mentions = Recognizer.Find("Valencia, Spain");

        mentions[0].Place.Should().Be(new Place("ES", "ES-VC"));
    }

    [Fact]
    public void A_city_that_agrees_with_the_country_comes_before_the_country()
    {
        var mentions = Recognizer.Find("Brazil, Porto Alegre");

        mentions.Select(m => m.Place).Should().Equal(new Place("BR", "BR-RS"), new Place("BR"));
        mentions[0].Kind.Should().Be(MentionKind.City);
    }

    [Fact]
    public void Matched_is_the_text_as_written()
    {
        var mention = Recognizer.Find("Hulp! Ik zit in Guinee-Bissau.").Should().ContainSingle().Subject;

        mention.Matched.Should().Be("Guinee-Bissau");
        mention.Place.Should().Be(new Place("GW"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ok")]
    [InlineData("👍")]
    [InlineData("Mijn paspoort is gestolen, wat moet ik doen?")]
    [InlineData("My passport was stolen, please help us")]
    [InlineData("I am Belgian")]
    [InlineData("Je suis belge")]
    [InlineData("Ich bin Belgier und brauche Hilfe")]
    [InlineData("Nice to meet you, I am reading the mobile app")]
    [InlineData("Wir essen gerade, bitte später")]
    [InlineData("Ik wacht op een antwoord van de ambassade")]
    [InlineData("J'ai une réunion demain")]
    public void A_text_without_a_place_names_none(string text)
    {
        Recognizer.Find(text).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Ik ben in Nice en mijn tas is gestolen", "FR")]
    [InlineData("The police station in Split asked for a translation", "HR")]
    [InlineData("My daughter is reading at the library in Reading", "GB")]
    [InlineData("Wir sind in Essen", "DE")]
    public void A_place_name_that_is_also_a_word_counts_capitalised_after_in(string text, string country)
    {
        Recognizer.Find(text).Should().ContainSingle().Which.Place.Country.Should().Be(country);
    }

    [Fact]
    public void Origin_country_ranks_below_the_current_location()
    {
        var mentions = Recognizer.Find("I am from Belgium, now in Lisbon");

        mentions.Select(m => m.Place.Country).Should().Equal("PT", "BE");
    }

    [Fact]
    public void Short_codes_count_only_in_capitals()
    {
        Recognizer.Find("can you call us").Should().BeEmpty();
        Recognizer.Find("I'm in the US").Should().ContainSingle().Which.Place.Should().Be(new Place("US"));
    }
}
