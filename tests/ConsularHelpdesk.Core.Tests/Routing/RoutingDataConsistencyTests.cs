using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Geo;

namespace ConsularHelpdesk.Core.Tests.Routing;

/// <summary>The boundaries, the gazetteer and the jurisdiction map come from different sources: their codes must meet.</summary>
public sealed class RoutingDataConsistencyTests
{
    private static readonly PostCatalog Catalog = PostCatalog.LoadEmbedded();
    private static readonly GeoLocator Geo = GeoLocator.LoadEmbedded();

    [Fact]
    public void Every_country_with_a_boundary_is_in_the_jurisdiction_map()
    {
        var unknown = Geo.Countries.Where(c => !Catalog.Knows(new Place(c)) && !Catalog.IsSplit(c)).ToList();

        unknown.Should().BeEmpty();
    }

    [Fact]
    public void Every_subdivision_the_boundaries_give_in_a_split_country_is_in_the_jurisdiction_map()
    {
        var unknown = Catalog.SplitCountries
            .SelectMany(country => Geo.SubdivisionsOf(country).Select(s => new Place(country, s)))
            .Where(place => !Catalog.Knows(place))
            .Select(place => place.Subdivision)
            .ToList();

        unknown.Should().BeEmpty("a point in such a subdivision would fall back to the country's default post");
    }

    [Fact]
    public void Every_subdivision_the_gazetteer_gives_in_a_split_country_is_in_the_jurisdiction_map()
    {
        var recognizer = ConsularHelpdesk.Routing.Text.PlaceRecognizer.LoadEmbedded();
        var unknown = recognizer.Places
            .Where(p => p.Subdivision is not null && Catalog.IsSplit(p.Country) && !Catalog.Knows(p))
            .Select(p => p.Subdivision)
            .Distinct()
            .ToList();

        unknown.Should().BeEmpty();
    }
}
