using ConsularHelpdesk.Routing.Geo;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace ConsularHelpdesk.Core.Tests.Routing.Geo;

/// <summary>
/// Random points drawn inside a boundary (uniform in its envelope, kept when the polygon contains them) resolve to
/// that boundary's code. Small countries (LU, BE, MC, SG, HK) and large ones (US, BR, RU, CA, CN) are in the sample.
/// </summary>
public sealed class GeoLocatorProperties
{
    private static readonly GeoLocator Locator = GeoLocator.LoadEmbedded();

    private static readonly string[] SampleCountries =
        ["LU", "BE", "NL", "MC", "SG", "HK", "GE", "PT", "CH", "US", "BR", "RU", "CA", "CN", "IN", "CD", "FR", "TR", "AU", "NO", "CL", "ID"];

    private static readonly string[] SampleSubdivisions =
        ["BR-RS", "BR-SP", "CD-KA", "CD-KN", "US-NY", "US-DC", "US-HI", "CA-QC", "IN-MH", "TR-34", "RU-SPE", "RU-MOW", "FR-IDF", "FR-PAC", "CN-SH", "CN-XJ"];

    private static readonly Dictionary<string, (Envelope Envelope, IPreparedGeometry Prepared)> Shapes = [];

    private static (Envelope Envelope, IPreparedGeometry Prepared) Shape(string code)
    {
        lock (Shapes)
        {
            if (!Shapes.TryGetValue(code, out var shape))
            {
                Geometry geometry = code.Contains('-', StringComparison.Ordinal)
                    ? Locator.SubdivisionGeometry(code) ?? throw new InvalidOperationException($"no subdivision {code}")
                    : Locator.CountryGeometry(code) ?? throw new InvalidOperationException($"no country {code}");
                Shapes[code] = shape = (geometry.EnvelopeInternal, PreparedGeometryFactory.Prepare(geometry));
            }
            return shape;
        }
    }

    // A point uniform in the code's envelope, on a 1e-6 grid of it, kept only when the boundary contains it.
    private static Gen<(string Code, double Latitude, double Longitude)> PointsInside(string[] codes) =>
        from code in Gen.Elements(codes)
        from point in Gen.Choose(0, 1_000_000).Two()
            .Select(t =>
            {
                var envelope = Shape(code).Envelope;
                return new Coordinate(
                    envelope.MinX + (envelope.Width * t.Item1 / 1_000_000.0),
                    envelope.MinY + (envelope.Height * t.Item2 / 1_000_000.0));
            })
            .Where(c => Shape(code).Prepared.Contains(new Point(c)))
        select (code, point.Y, point.X);

    [Property(MaxTest = 500)]
    public Property A_point_inside_a_country_resolves_to_that_country() =>
        Prop.ForAll(PointsInside(SampleCountries).ToArbitrary(), p =>
            (Locator.Locate(p.Latitude, p.Longitude)?.Country == p.Code)
                .Label($"({p.Latitude}, {p.Longitude}) in {p.Code} gave {Locator.Locate(p.Latitude, p.Longitude)}"));

    [Property(MaxTest = 300)]
    public Property A_point_inside_a_subdivision_resolves_to_it_and_its_country() =>
        Prop.ForAll(PointsInside(SampleSubdivisions).ToArbitrary(), p =>
            (Locator.Locate(p.Latitude, p.Longitude) == new ConsularHelpdesk.Routing.Place(p.Code[..2], p.Code))
                .Label($"({p.Latitude}, {p.Longitude}) in {p.Code} gave {Locator.Locate(p.Latitude, p.Longitude)}"));

    [Property(MaxTest = 300)]
    public Property Every_point_in_a_split_country_gets_one_of_its_own_subdivisions() =>
        Prop.ForAll(PointsInside([.. Locator.SplitCountries]).ToArbitrary(), p =>
        {
            var place = Locator.Locate(p.Latitude, p.Longitude);
            return (place?.Country == p.Code && place.Value.Subdivision is { } s && Locator.SubdivisionsOf(p.Code).Contains(s))
                .Label($"({p.Latitude}, {p.Longitude}) in {p.Code} gave {place}");
        });
}
