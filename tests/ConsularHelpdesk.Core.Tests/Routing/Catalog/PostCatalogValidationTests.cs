using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Routing.Catalog;

/// <summary>A bad edit of the data fails at load with the file, the row and the problem named.</summary>
public sealed class PostCatalogValidationTests
{
    private static readonly string Posts = CatalogData.Text(PostCatalog.PostsFile);
    private static readonly string Jurisdictions = CatalogData.Text(PostCatalog.JurisdictionsFile);
    private static readonly string Subdivisions = CatalogData.Text(PostCatalog.SubdivisionsFile);

    private static string BrokenPostsMessage(string old, string replacement) =>
        Fails(() => CatalogData.Load(posts: Posts.ReplaceOnce(old, replacement)));

    private static string BrokenJurisdictionsMessage(string old, string replacement) =>
        Fails(() => CatalogData.Load(jurisdictions: Jurisdictions.ReplaceOnce(old, replacement)));

    private static string Fails(Func<PostCatalog> load)
    {
        var act = () => load();
        return act.Should().Throw<InvalidDataException>().Which.Message;
    }

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that starts with <paramref name="start"/>.</summary>
    private static int LineOf(string text, string start) =>
        text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.StartsWith(start, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void The_real_data_loads()
    {
        CatalogData.Load().Posts.Should().HaveCount(96);
    }

    [Fact]
    public void An_unknown_post_names_the_line()
    {
        var line = LineOf(Jurisdictions, "AD,,");
        BrokenJurisdictionsMessage("AD,,madrid", "AD,,andorra")
            .Should().Contain($"jurisdictions.csv line {line}").And.Contain("unknown post 'andorra'");
    }

    [Fact]
    public void A_post_without_consular_help_cannot_hold_a_country()
    {
        var line = LineOf(Jurisdictions, "IT,,");
        BrokenJurisdictionsMessage("IT,,central", "IT,,brussels-eu")
            .Should().Contain($"line {line}").And.Contain("'brussels-eu' gives no consular help");
    }

    [Fact]
    public void A_country_covered_twice_is_an_overlap()
    {
        var line = LineOf(Jurisdictions, "AE,,");
        BrokenJurisdictionsMessage("AE,,abudhabi,\n", "AE,,abudhabi,\nAD,,paris,\n")
            .Should().Contain($"line {line + 1}").And.Contain("overlap: country 'AD' is already covered by line " + LineOf(Jurisdictions, "AD,,"));
    }

    [Fact]
    public void A_split_country_with_a_whole_country_row_is_an_overlap()
    {
        BrokenJurisdictionsMessage("BE,,central", "BR,,brasilia")
            .Should().Contain($"line {LineOf(Jurisdictions, "BR,")}")
            .And.Contain($"overlap: country 'BR' is covered as a whole by line {LineOf(Jurisdictions, "BE,,")}; it cannot also be split");
    }

    [Fact]
    public void A_subdivision_covered_twice_is_an_overlap()
    {
        BrokenJurisdictionsMessage("BR,BR-SP,saopaulo", "BR,BR-RS,saopaulo")
            .Should().Contain($"line {LineOf(Jurisdictions, "BR,BR-SP,")}").And.Contain("subdivision 'BR-RS' is already covered by line");
    }

    [Fact]
    public void A_missing_country_is_named()
    {
        BrokenJurisdictionsMessage("AD,,madrid,side accreditation\n", "")
            .Should().Contain("jurisdictions.csv").And.Contain("not covered").And.Contain("AD");
    }

    [Fact]
    public void A_missing_subdivision_of_a_split_country_is_named()
    {
        BrokenJurisdictionsMessage("BR,BR-RS,saopaulo,Rio Grande do Sul\n", "")
            .Should().Contain("country 'BR' is split but these subdivisions are not covered: BR-RS.");
    }

    [Fact]
    public void A_split_country_needs_a_fallback_row()
    {
        BrokenJurisdictionsMessage("US,*,washington,fallback when the subdivision is unknown\n", "")
            .Should().Contain("country 'US' is split but has no fallback row 'US,*,<post>'");
    }

    [Fact]
    public void An_unknown_subdivision_names_the_line()
    {
        BrokenJurisdictionsMessage("BR,BR-RS,saopaulo", "BR,BR-XX,saopaulo")
            .Should().Contain($"line {LineOf(Jurisdictions, "BR,BR-RS,")}").And.Contain("unknown subdivision 'BR-XX'");
    }

    [Fact]
    public void A_split_country_needs_its_subdivision_list()
    {
        var subdivisions = JsonNode.Parse(Subdivisions)!;
        subdivisions["countries"]!.AsObject().Remove("BR").Should().BeTrue();
        Fails(() => CatalogData.Load(subdivisions: subdivisions.ToJsonString()))
            .Should().Contain("country 'BR' is split but subdivisions.json lists no subdivisions for it");
    }

    [Fact]
    public void An_unknown_country_names_the_line()
    {
        BrokenJurisdictionsMessage("AD,,madrid", "QQ,,madrid").Should().Contain($"line {LineOf(Jurisdictions, "AD,,")}").And.Contain("unknown country 'QQ'");
    }

    [Fact]
    public void A_row_with_too_many_fields_names_the_line()
    {
        BrokenJurisdictionsMessage("AD,,madrid,side accreditation", "AD,,madrid,side, accreditation")
            .Should().Contain($"line {LineOf(Jurisdictions, "AD,,")}").And.Contain("found 5");
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_and_quotes()
    {
        var catalog = CatalogData.Load(jurisdictions: Jurisdictions.ReplaceOnce("AD,,madrid,side accreditation", "AD,,\"madrid\",\"side, \"\"accredited\"\"\""));
        catalog.Responsible(new Place("AD")).Id.Should().Be("madrid");
    }

    [Fact]
    public void An_unclosed_quote_names_the_line()
    {
        BrokenJurisdictionsMessage("AD,,madrid,side accreditation", "AD,,madrid,\"side accreditation")
            .Should().Contain($"jurisdictions.csv line {LineOf(Jurisdictions, "AD,,")}: a quoted field is not closed");
    }

    [Fact]
    public void The_header_row_is_required()
    {
        BrokenJurisdictionsMessage("country,subdivision,post,note\n", "").Should().Contain("the first row must be the header");
    }

    [Fact]
    public void An_invalid_time_zone_names_the_post()
    {
        BrokenPostsMessage("\"Africa/Lubumbashi\"", "\"Africa/Katanga\"")
            .Should().Contain("posts.json post #").And.Contain("('lubumbashi')").And.Contain("time zone 'Africa/Katanga'");
    }

    [Fact]
    public void A_windows_time_zone_id_is_not_accepted()
    {
        BrokenPostsMessage("\"Europe/Brussels\"", "\"Romance Standard Time\"").Should().Contain("('central')").And.Contain("time zone");
    }

    [Fact]
    public void A_duplicate_channel_binding_names_both_posts()
    {
        BrokenPostsMessage("\"messengerPageId\": \"200000000000002\"", "\"messengerPageId\": \"200000000000001\"")
            .Should().Contain("post #2 ('abidjan')").And.Contain("'messengerPageId' '200000000000001' is already bound to post 'central'");
    }

    [Fact]
    public void A_duplicate_id_names_the_post()
    {
        BrokenPostsMessage("\"id\": \"abudhabi\"", "\"id\": \"abidjan\"").Should().Contain("post #3 ('abidjan'): duplicate id 'abidjan'");
    }

    [Fact]
    public void A_missing_field_names_the_post_and_field()
    {
        BrokenPostsMessage("\"nameFr\": \"Ambassade de Belgique à Abidjan\",", "").Should().Contain("post #2 ('abidjan'): 'nameFr' is missing");
    }

    [Fact]
    public void An_unknown_kind_names_the_post()
    {
        BrokenPostsMessage("\"kind\": \"consulateGeneral\"", "\"kind\": \"consulate\"").Should().Contain("('atlanta'): unknown kind 'consulate'");
    }

    [Fact]
    public void An_unknown_country_of_a_post_names_the_post()
    {
        BrokenPostsMessage("\"country\": \"CI\"", "\"country\": \"Ivory Coast\"").Should().Contain("('abidjan'): country 'Ivory Coast'");
    }

    [Fact]
    public void The_central_desk_must_exist()
    {
        BrokenPostsMessage("\"id\": \"central\"", "\"id\": \"centre\"").Should().Contain("('centre'): only the post 'central' has kind 'central'");
    }

    [Fact]
    public void Invalid_json_names_the_file_and_line()
    {
        BrokenPostsMessage("\"consularHelp\": true\n  },", "\"consularHelp\": true\n  ]").Should().StartWith("posts.json line ");
    }

    [Fact]
    public void A_post_id_must_be_a_slug()
    {
        BrokenPostsMessage("\"id\": \"abidjan\"", "\"id\": \"Abidjan\"").Should().Contain("id 'Abidjan' must be a lowercase slug");
    }
}
