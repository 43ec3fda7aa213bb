using System.Text.Json;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Routing.Catalog;

/// <summary>The real data files: complete, consistent, and giving the answers the ministry expects.</summary>
public sealed class PostCatalogDataTests
{
    private static readonly PostCatalog Catalog = PostCatalog.LoadEmbedded();

    /// <summary>The Facebook list of the parliamentary answer of 9 May 2018, as written there. It says 98 but names these 96.</summary>
    private static readonly string[] SourceNames =
    [
        "Abidjan", "Abu Dhabi", "Abuja", "Algiers", "Amman", "Ankara", "Astana", "Athene", "Atlanta", "Baku", "Bamako",
        "Bangkok", "Beirut", "Belgrado", "Berlijn", "Bern", "Bogota", "Brasilia", "Brussel (FOD)", "Brussel (EU)",
        "Bucharest", "Budapest", "Buenos Aires", "Bujumbura", "Cairo", "Canberra", "Chennai", "Chicago", "Conakry",
        "Kopenhagen", "Cotonou", "Dakar", "Dar es Salaam", "Doha", "Dublin", "Hanoi", "Havana", "Helsinki", "Hong Kong",
        "Islamabad", "Istanbul", "Jakarta", "Kampala", "Kigali", "Kingston", "Kinshasa", "Kuwait", "Kuala Lumpur", "Kiev",
        "Lima", "Lissabon", "Londen", "Los Angeles", "Lubumbashi", "Luxembourg", "Madrid", "Manila", "Marseille",
        "Mexico City", "Montreal", "Moscou", "Mumbai", "Nairobi", "New Delhi", "New York", "Oslo", "Ottawa", "Ouagadougou",
        "Panama City", "Paramaribo", "Parijs", "Peking", "Praag", "Pretoria", "Pristina", "Rabat", "Rio de Janeiro",
        "Riyadh", "Sint Petersburg", "Santiago", "Sao Paulo", "Sarajevo", "Seoul", "Singapore", "Sofia", "Stockholm",
        "Straatsburg", "Taipei", "Tel Aviv", "Den Haag", "Tokyo", "Tripoli", "Wenen", "Warschau", "Washington", "Zagreb",
    ];

    [Fact]
    public void Every_name_of_the_source_list_is_exactly_one_entry_of_posts_json()
    {
        using var posts = JsonDocument.Parse(CatalogData.Text(PostCatalog.PostsFile));
        var names = posts.RootElement.GetProperty("posts").EnumerateArray().Select(p => p.GetProperty("sourceName").GetString()).ToList();

        SourceNames.Should().HaveCount(96).And.OnlyHaveUniqueItems();
        names.Should().BeEquivalentTo(SourceNames);
    }

    [Fact]
    public void The_catalogue_holds_95_posts_and_the_central_desk()
    {
        Catalog.Posts.Should().HaveCount(96);
        Catalog.Posts[0].Should().BeSameAs(Catalog.Central);
        Catalog.Central.Id.Should().Be(Posts.Central);
        Catalog.Central.Kind.Should().Be(PostKind.Central);
        Catalog.Posts.Count(p => p.Kind == PostKind.Central).Should().Be(1);
    }

    [Fact]
    public void Ids_and_channel_bindings_are_unique()
    {
        Catalog.Posts.Select(p => p.Id).Should().OnlyHaveUniqueItems();
        Catalog.Posts.Select(p => p.MessengerPageId).Should().OnlyHaveUniqueItems().And.NotContainNulls();
        Catalog.Posts.Select(p => p.WhatsAppPhoneNumberId).Should().OnlyHaveUniqueItems().And.NotContainNulls();
    }

    [Fact]
    public void The_central_desk_keeps_the_demo_ids_the_citizen_simulator_uses()
    {
        Catalog.ForChannelAccount(ChannelKind.Messenger, "200000000000001").Should().BeSameAs(Catalog.Central);
        Catalog.ForChannelAccount(ChannelKind.WhatsApp, "100000000000001").Should().BeSameAs(Catalog.Central);
        Catalog.Central.TimeZone.Should().Be("Europe/Brussels");
        Catalog.Central.Languages.Should().Equal("nl", "fr", "de", "en");
    }

    [Fact]
    public void Every_post_is_found_by_its_own_page_and_number()
    {
        foreach (var post in Catalog.Posts)
        {
            Catalog.ForChannelAccount(ChannelKind.Messenger, post.MessengerPageId!).Should().BeSameAs(post);
            Catalog.ForChannelAccount(ChannelKind.WhatsApp, post.WhatsAppPhoneNumberId!).Should().BeSameAs(post);
        }

        Catalog.ForChannelAccount(ChannelKind.Messenger, "100000000000001").Should().BeNull("a WhatsApp id is no page id");
        Catalog.ForChannelAccount(ChannelKind.Messenger, "999").Should().BeNull();
    }

    [Fact]
    public void Every_time_zone_is_valid()
    {
        foreach (var post in Catalog.Posts)
        {
            TimeZoneInfo.TryFindSystemTimeZoneById(post.TimeZone, out _).Should().BeTrue(post.Id);
        }
    }

    [Fact]
    public void Only_permanent_representations_give_no_consular_help()
    {
        Catalog.Posts.Where(p => !p.ConsularHelp).Select(p => p.Id).Should().BeEquivalentTo("brussels-eu", "strasbourg-coe");
        Catalog.Posts.Where(p => !p.ConsularHelp).Should().OnlyContain(p => p.Kind == PostKind.PermanentRepresentation);
    }

    [Fact]
    public void Every_country_and_every_subdivision_of_a_split_country_has_a_consular_post()
    {
        using var countries = JsonDocument.Parse(CatalogData.Text(PostCatalog.CountriesFile));
        using var subdivisions = JsonDocument.Parse(CatalogData.Text(PostCatalog.SubdivisionsFile));
        var codes = countries.RootElement.GetProperty("countries").EnumerateArray().Select(c => c.GetProperty("alpha2").GetString()!).ToList();

        codes.Should().HaveCount(250);
        foreach (var code in codes)
        {
            var post = Catalog.Responsible(new Place(code));
            post.ConsularHelp.Should().BeTrue(code);
            Catalog.Get(post.Id).Should().BeSameAs(post);
        }

        foreach (var country in subdivisions.RootElement.GetProperty("countries").EnumerateObject())
        {
            Catalog.IsSplit(country.Name).Should().BeTrue(country.Name);
            foreach (var subdivision in country.Value.EnumerateArray())
            {
                Catalog.Responsible(new Place(country.Name, subdivision.GetProperty("code").GetString())).ConsularHelp.Should().BeTrue();
            }
        }
    }

    [Fact]
    public void These_countries_are_split_by_subdivision()
    {
        Catalog.SplitCountries.Should().Equal("BR", "CA", "CD", "CN", "FR", "IN", "RU", "TR", "US");
        Catalog.IsSplit("us").Should().BeTrue();
        Catalog.IsSplit("BE").Should().BeFalse();
    }

    [Theory]
    [InlineData("CD", "CD-HK", "lubumbashi")] // Lubumbashi, Haut-Katanga
    [InlineData("CD", "CD-KN", "kinshasa")]
    [InlineData("BR", "BR-RS", "saopaulo")] // Porto Alegre
    [InlineData("BR", "RS", "saopaulo")] // subdivision without its country prefix
    [InlineData("BR", "BR-RJ", "riodejaneiro")]
    [InlineData("BR", "BR-DF", "brasilia")]
    [InlineData("GE", null, "moscow")] // side accreditation, to be confirmed
    [InlineData("US", "US-NY", "newyork")]
    [InlineData("US", "US-CA", "losangeles")]
    [InlineData("US", "US-GA", "atlanta")]
    [InlineData("US", "US-IL", "chicago")]
    [InlineData("US", "US-DC", "washington")]
    [InlineData("US", null, "washington")] // unknown subdivision: the fallback row
    [InlineData("US", "US-XX", "washington")]
    [InlineData("US", "CA-QC", "washington")] // a subdivision of another country is no subdivision of this one
    [InlineData("HK", null, "hongkong")]
    [InlineData("CN", "CN-HK", "hongkong")]
    [InlineData("CN", "CN-SH", "beijing")]
    [InlineData("CA", "CA-QC", "montreal")]
    [InlineData("CA", "CA-ON", "ottawa")]
    [InlineData("IN", "IN-TN", "chennai")]
    [InlineData("IN", "IN-MH", "mumbai")]
    [InlineData("TR", "TR-34", "istanbul")]
    [InlineData("TR", "TR-06", "ankara")]
    [InlineData("RU", "RU-SPE", "stpetersburg")]
    [InlineData("FR", "FR-PAC", "marseille")]
    [InlineData("FR", "FR-GES", "paris")] // Strasbourg: the representation to the Council of Europe gives no consular help
    [InlineData("BE", null, "central")]
    [InlineData("BE", "BE-VLG", "central")] // a subdivision of a country that is not split is ignored
    [InlineData("be", null, "central")]
    [InlineData("IT", null, "central")] // the embassy in Rome has no page in the source list yet
    [InlineData("AQ", null, "central")]
    [InlineData("XK", null, "pristina")]
    [InlineData("LU", null, "luxembourg")]
    [InlineData("ZZ", null, "central")] // not a country code at all
    public void The_responsible_post_for_a_place(string country, string? subdivision, string post) =>
        Catalog.Responsible(new Place(country, subdivision)).Id.Should().Be(post);

    [Fact]
    public void Get_and_TryGet_find_posts_by_id()
    {
        var kinshasa = Catalog.Get("kinshasa");
        kinshasa.NameNl.Should().Be("Ambassade van België in Kinshasa");
        kinshasa.NameFr.Should().Be("Ambassade de Belgique à Kinshasa");
        kinshasa.NameEn.Should().Be("Embassy of Belgium in Kinshasa");
        kinshasa.Kind.Should().Be(PostKind.Embassy);
        kinshasa.Country.Should().Be("CD");
        kinshasa.TimeZone.Should().Be("Africa/Kinshasa");
        Catalog.Get("lubumbashi").Kind.Should().Be(PostKind.ConsulateGeneral);

        Catalog.TryGet("saopaulo", out var saoPaulo).Should().BeTrue();
        saoPaulo!.City.Should().Be("São Paulo");
        Catalog.TryGet("nowhere", out _).Should().BeFalse();
        FluentActions.Invoking(() => Catalog.Get("nowhere")).Should().Throw<KeyNotFoundException>().WithMessage("*nowhere*");
    }

    [Fact]
    public void The_data_files_say_they_are_to_be_confirmed_by_the_ministry()
    {
        CatalogData.Text(PostCatalog.JurisdictionsFile).Should().Contain("TO BE CONFIRMED BY THE MINISTRY");
        using var posts = JsonDocument.Parse(CatalogData.Text(PostCatalog.PostsFile));
        posts.RootElement.GetProperty("status").GetString().Should().Contain("to be confirmed by the ministry");
    }
}
