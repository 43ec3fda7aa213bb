using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;

namespace ConsularHelpdesk.Routing.Geo;

/// <summary>
/// Point → <see cref="Place"/> from Natural Earth boundaries (embedded <c>Routing/Data/geo-boundaries.bin.gz</c>,
/// built by <c>tools/data/build-geo.mjs</c>, whose header documents the format). Countries are looked up first;
/// for a country split between posts, then its subdivisions. Every polygon part has its own prepared geometry and
/// sits in an STR-tree by envelope, so a lookup tests only the few parts whose box holds the point.
/// </summary>
/// <remarks>
/// A point on a border gets either neighbour. A point outside every country but within
/// <see cref="CoastSnapKilometres"/> of one (a harbour, a beach the 1:10m coastline misses) gets the nearest
/// country; farther out at sea the result is null. Reads are thread-safe: the trees are built at load and the
/// per-part indexes are created once, behind <see cref="Lazy{T}"/>.
/// </remarks>
internal sealed class GeoLocator : IGeoLocator
{
    /// <summary>How far off a coast a point still snaps to the nearest country.</summary>
    public const double CoastSnapKilometres = 20;

    internal const string ResourceName = "ConsularHelpdesk.Routing.Data.geo-boundaries.bin.gz";

    private const double EarthRadiusKilometres = 6371.0088;

    // A box around the point wide enough for the snap distance at any latitude the data has (to ±84°: 20 km is
    // 0.18° of latitude, and 1.7° of longitude at 84°).
    private const double SnapSearchDegreesLatitude = 0.2;
    private const double SnapSearchDegreesLongitudeMax = 2.0;

    private static readonly Lazy<GeoLocator> Embedded = new(LoadEmbeddedCore, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly GeometryFactory _factory;
    private readonly STRtree<Part> _countryIndex;
    private readonly FrozenDictionary<string, STRtree<Part>> _subdivisionIndexes;
    private readonly FrozenDictionary<string, MultiPolygon> _countries;
    private readonly FrozenDictionary<string, MultiPolygon> _subdivisions;

    private GeoLocator(GeometryFactory factory, IEnumerable<(int Level, string Code, Polygon[] Polygons)> features)
    {
        _factory = factory;
        _countryIndex = new STRtree<Part>();
        var subdivisionIndexes = new Dictionary<string, STRtree<Part>>(StringComparer.Ordinal);
        var countries = new Dictionary<string, MultiPolygon>(StringComparer.Ordinal);
        var subdivisions = new Dictionary<string, MultiPolygon>(StringComparer.Ordinal);
        foreach (var (level, code, polygons) in features)
        {
            if (level == 0)
            {
                countries.Add(code, factory.CreateMultiPolygon(polygons));
                foreach (var polygon in polygons)
                {
                    _countryIndex.Insert(polygon.EnvelopeInternal, new Part(code, polygon));
                }
            }
            else
            {
                subdivisions.Add(code, factory.CreateMultiPolygon(polygons));
                var country = CountryOf(code);
                if (!subdivisionIndexes.TryGetValue(country, out var index))
                {
                    subdivisionIndexes.Add(country, index = new STRtree<Part>());
                }
                foreach (var polygon in polygons)
                {
                    index.Insert(polygon.EnvelopeInternal, new Part(code, polygon));
                }
            }
        }

        // Built now so that later queries only read.
        _countryIndex.Build();
        foreach (var index in subdivisionIndexes.Values)
        {
            index.Build();
        }
        _subdivisionIndexes = subdivisionIndexes.ToFrozenDictionary(StringComparer.Ordinal);
        _countries = countries.ToFrozenDictionary(StringComparer.Ordinal);
        _subdivisions = subdivisions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every country (ISO 3166-1 alpha-2) the data has a boundary for.</summary>
    public IReadOnlyCollection<string> Countries => _countries.Keys;

    /// <summary>The countries whose subdivisions are resolved (ISO 3166-1 alpha-2).</summary>
    public IReadOnlyCollection<string> SplitCountries => _subdivisionIndexes.Keys;

    /// <summary>The subdivision codes (ISO 3166-2) of a split country; empty for any other country.</summary>
    public IReadOnlyList<string> SubdivisionsOf(string country) =>
        [.. _subdivisions.Keys.Where(code => CountryOf(code) == country).Order(StringComparer.Ordinal)];

    /// <summary>The locator over the embedded data, loaded once on first use.</summary>
    public static GeoLocator LoadEmbedded() => Embedded.Value;

    /// <summary>A country's boundary (for tests and tools); null for a code the data lacks.</summary>
    internal MultiPolygon? CountryGeometry(string country) => _countries.GetValueOrDefault(country);

    /// <summary>A subdivision's boundary (for tests and tools); null for a code the data lacks.</summary>
    internal MultiPolygon? SubdivisionGeometry(string subdivision) => _subdivisions.GetValueOrDefault(subdivision);

    public Place? Locate(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
        {
            return null;
        }

        var coordinate = new Coordinate(longitude, latitude);
        var point = _factory.CreatePoint(coordinate);
        var country = Containing(_countryIndex, coordinate, point) ?? NearestWithin(_countryIndex, coordinate, point, CoastSnapKilometres);
        if (country is null)
        {
            return null;
        }

        if (!_subdivisionIndexes.TryGetValue(country, out var subdivisions))
        {
            return new Place(country);
        }

        // The two layers come from one dissolve, so a point in the country is in one of its subdivisions; a
        // point snapped from the sea, or one in a rounding sliver, takes the nearest.
        var subdivision = Containing(subdivisions, coordinate, point) ?? NearestWithin(subdivisions, coordinate, point, double.PositiveInfinity);
        return new Place(country, subdivision);
    }

    private static string? Containing(STRtree<Part> index, Coordinate coordinate, Point point)
    {
        foreach (var part in index.Query(new Envelope(coordinate)))
        {
            if (part.Prepared.Covers(point))
            {
                return part.Code;
            }
        }
        return null;
    }

    private static string? NearestWithin(STRtree<Part> index, Coordinate coordinate, Point point, double maxKilometres)
    {
        IEnumerable<Part> candidates;
        if (double.IsPositiveInfinity(maxKilometres))
        {
            candidates = index.Query(new Envelope(coordinate.X - 180, coordinate.X + 180, -90, 90));
        }
        else
        {
            var cos = Math.Cos(coordinate.Y * Math.PI / 180);
            var dx = Math.Min(SnapSearchDegreesLongitudeMax, SnapSearchDegreesLatitude / Math.Max(cos, 0.1));
            candidates = index.Query(new Envelope(coordinate.X - dx, coordinate.X + dx, coordinate.Y - SnapSearchDegreesLatitude, coordinate.Y + SnapSearchDegreesLatitude));
        }

        string? best = null;
        var bestKilometres = maxKilometres;
        foreach (var part in candidates)
        {
            var nearest = part.Distance.NearestPoints(point)[0];
            var kilometres = HaversineKilometres(coordinate, nearest);
            if (kilometres <= bestKilometres)
            {
                bestKilometres = kilometres;
                best = part.Code;
            }
        }
        return best;
    }

    private static double HaversineKilometres(Coordinate a, Coordinate b)
    {
        const double radians = Math.PI / 180;
        var dLat = (b.Y - a.Y) * radians;
        var dLon = (b.X - a.X) * radians;
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(a.Y * radians) * Math.Cos(b.Y * radians) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusKilometres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static string CountryOf(string subdivision) => subdivision[..subdivision.IndexOf('-', StringComparison.Ordinal)];

    private static GeoLocator LoadEmbeddedCore()
    {
        using var stream = typeof(GeoLocator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        return Load(stream);
    }

    /// <summary>Reads the gzip-compressed boundary format of <c>tools/data/build-geo.mjs</c>.</summary>
    internal static GeoLocator Load(Stream gzipped)
    {
        byte[] data;
        using (var gzip = new GZipStream(gzipped, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            gzip.CopyTo(buffer);
            data = buffer.ToArray();
        }

        var factory = new GeometryFactory(new PrecisionModel(), 4326, PackedCoordinateSequenceFactory.DoubleFactory);
        var reader = new BoundaryReader(data);
        return new GeoLocator(factory, reader.Read(factory));
    }

    private sealed class Part(string code, Polygon polygon)
    {
        private readonly Lazy<IPreparedGeometry> _prepared = new(() => Warm(PreparedGeometryFactory.Prepare(polygon), polygon), LazyThreadSafetyMode.ExecutionAndPublication);
        private readonly Lazy<IndexedFacetDistance> _distance = new(() => new IndexedFacetDistance(polygon), LazyThreadSafetyMode.ExecutionAndPublication);

        public string Code { get; } = code;

        public IPreparedGeometry Prepared => _prepared.Value;

        public IndexedFacetDistance Distance => _distance.Value;

        // The prepared polygon builds its point-in-area index on first use; do that here, once, under the lazy's lock.
        private static IPreparedGeometry Warm(IPreparedGeometry prepared, Polygon polygon)
        {
            _ = prepared.Covers(polygon.Factory.CreatePoint(polygon.ExteriorRing.Coordinates[0]));
            return prepared;
        }
    }

    private ref struct BoundaryReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public List<(int Level, string Code, Polygon[] Polygons)> Read(GeometryFactory factory)
        {
            if (_data.Length < 5 || !_data[..4].SequenceEqual("CHGB"u8) || _data[4] != 1)
            {
                throw new InvalidDataException("Not a version 1 boundary file (magic CHGB).");
            }
            _position = 5;
            var scale = (double)ReadVarint();
            var count = ReadVarint();
            var features = new List<(int, string, Polygon[])>(count);
            for (var f = 0; f < count; f++)
            {
                int level = _data[_position++];
                var length = ReadVarint();
                var code = Encoding.UTF8.GetString(_data.Slice(_position, length));
                _position += length;
                var polygons = new Polygon[ReadVarint()];
                for (var p = 0; p < polygons.Length; p++)
                {
                    var rings = new LinearRing[ReadVarint()];
                    for (var r = 0; r < rings.Length; r++)
                    {
                        rings[r] = factory.CreateLinearRing(ReadRing(factory, scale));
                    }
                    polygons[p] = factory.CreatePolygon(rings[0], rings[1..]);
                }
                features.Add((level, code, polygons));
            }
            return features;
        }

        private CoordinateSequence ReadRing(GeometryFactory factory, double scale)
        {
            var points = ReadVarint();
            var ordinates = new double[(points + 1) * 2];
            long x = 0;
            long y = 0;
            for (var i = 0; i < points; i++)
            {
                x += ReadZigzag();
                y += ReadZigzag();
                ordinates[2 * i] = x / scale;
                ordinates[(2 * i) + 1] = y / scale;
            }
            ordinates[2 * points] = ordinates[0];
            ordinates[(2 * points) + 1] = ordinates[1];
            return ((PackedCoordinateSequenceFactory)factory.CoordinateSequenceFactory).Create(ordinates, 2, 0);
        }

        private int ReadVarint() => checked((int)ReadVarLong());

        private long ReadZigzag()
        {
            var raw = ReadVarLong();
            return (raw & 1) == 0 ? raw >> 1 : -(raw >> 1) - 1;
        }

        private long ReadVarLong()
        {
            long result = 0;
            var shift = 0;
            while (true)
            {
                var b = _data[_position++];
                result |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result;
                }
                shift += 7;
                if (shift > 56)
                {
                    throw new InvalidDataException("Varint too long.");
                }
            }
        }
    }
}
