using System.Text;
using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>The regional hubs from the real data file, and the loader naming the row it rejects.</summary>
public sealed class RegionalHubsTests
{
    private static readonly Lazy<PostCatalog> Catalog = new(PostCatalog.LoadEmbedded);

    [Fact]
    public void The_shipped_hubs_load_and_Bangkok_is_in_the_South_East_Asia_hub()
    {
        var hubs = RegionalHubs.LoadEmbedded(Catalog.Value);

        hubs.Covering("bangkok").Select(h => h.Id).Should().Equal("hub-southeast-asia");
        hubs.All.Should().OnlyContain(h => h.Names.Keys.Order().SequenceEqual(new[] { "de", "en", "fr", "nl" }));
        hubs.Covering("paris").Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{ "id": "asia", "nameNl": "a", "nameFr": "a", "nameDe": "a", "nameEn": "a", "timeZone": "Asia/Bangkok", "posts": ["bangkok"] }""", "hub #2 ('asia')", "'id'")]
    [InlineData("""{ "id": "hub-x", "nameNl": "a", "nameFr": "a", "nameEn": "a", "timeZone": "Asia/Bangkok", "posts": ["bangkok"] }""", "hub #2 ('hub-x')", "'nameDe'")]
    [InlineData("""{ "id": "hub-x", "nameNl": "a", "nameFr": "a", "nameDe": "a", "nameEn": "a", "timeZone": "Bangkok", "posts": ["bangkok"] }""", "hub #2 ('hub-x')", "time zone 'Bangkok'")]
    [InlineData("""{ "id": "hub-x", "nameNl": "a", "nameFr": "a", "nameDe": "a", "nameEn": "a", "timeZone": "Asia/Bangkok", "posts": ["atlantis"] }""", "hub #2 ('hub-x')", "'atlantis'")]
    [InlineData("""{ "id": "hub-x", "nameNl": "a", "nameFr": "a", "nameDe": "a", "nameEn": "a", "timeZone": "Asia/Bangkok", "posts": ["bangkok", "bangkok"] }""", "hub #2 ('hub-x')", "twice")]
    [InlineData("""{ "id": "hub-ok", "nameNl": "a", "nameFr": "a", "nameDe": "a", "nameEn": "a", "timeZone": "Asia/Bangkok", "posts": ["bangkok"] }""", "hub #2 ('hub-ok')", "already")]
    public void A_bad_row_stops_the_load_with_the_row_named(string row, string where, string problem)
    {
        var file = $$"""{ "hubs": [ { "id": "hub-ok", "nameNl": "a", "nameFr": "a", "nameDe": "a", "nameEn": "a", "timeZone": "Asia/Bangkok", "posts": ["hanoi"] }, {{row}} ] }""";

        var load = () => RegionalHubs.Load(new MemoryStream(Encoding.UTF8.GetBytes(file)), Catalog.Value);

        load.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(where).And.Contain(problem);
    }
}
