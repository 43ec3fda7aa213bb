using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Routing.Catalog;

/// <summary>
/// The posts and who is responsible where, from the data files in <c>Routing/Data</c> (embedded in this assembly):
/// <c>posts.json</c>, <c>jurisdictions.csv</c>, <c>countries.json</c> and <c>subdivisions.json</c>. Loading validates
/// everything a router relies on, so a bad edit fails at start with the file and row named, not at routing time:
/// every country is covered exactly once (split countries: every first-level subdivision exactly once, plus a
/// fallback row), every holder exists and gives consular help, every time zone exists, channel bindings are unique.
/// Immutable once loaded; safe to share.
/// </summary>
internal sealed partial class PostCatalog
{
    internal const string PostsFile = "posts.json";
    internal const string JurisdictionsFile = "jurisdictions.csv";
    internal const string CountriesFile = "countries.json";
    internal const string SubdivisionsFile = "subdivisions.json";
    internal const string AliasesFile = "subdivision-aliases.csv";

    /// <summary>The subdivision column value of the row that holds a split country's places of unknown subdivision.</summary>
    internal const string Fallback = "*";

    private readonly Dictionary<string, Post> byId;
    private readonly Dictionary<string, Post> byCountry;
    private readonly Dictionary<string, Post> bySubdivision;
    private readonly Dictionary<string, Post> fallbackBySplitCountry;
    private readonly Dictionary<(ChannelKind, string), Post> byChannel;

    private PostCatalog(
        List<Post> posts,
        Dictionary<string, Post> byCountry,
        Dictionary<string, Post> bySubdivision,
        Dictionary<string, Post> fallbackBySplitCountry,
        Dictionary<(ChannelKind, string), Post> byChannel)
    {
        Posts = posts.AsReadOnly();
        byId = posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
        this.byCountry = byCountry;
        this.bySubdivision = bySubdivision;
        this.fallbackBySplitCountry = fallbackBySplitCountry;
        this.byChannel = byChannel;
        Central = byId[Routing.Posts.Central];
        Countries = [.. byCountry.Keys.Concat(fallbackBySplitCountry.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Subdivisions = [.. bySubdivision.Keys.Order(StringComparer.Ordinal)]; // before the aliases are added: the map's own codes
    }

    /// <summary>Every post, the central desk first, then in file order.</summary>
    public IReadOnlyList<Post> Posts { get; }

    /// <summary>The central 24/7 desk.</summary>
    public Post Central { get; }

    /// <summary>Every country the jurisdiction map names (ISO 3166-1 alpha-2), split or not, in code order.</summary>
    public IReadOnlyList<string> Countries { get; }

    /// <summary>The first-level subdivisions of the split countries as the map names them (ISO 3166-2, no aliases), in code order.</summary>
    public IReadOnlyList<string> Subdivisions { get; }

    /// <summary>The countries split between posts by subdivision, in code order.</summary>
    public IReadOnlyList<string> SplitCountries => [.. fallbackBySplitCountry.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Loads and validates the data files embedded in this assembly.</summary>
    /// <exception cref="InvalidDataException">A data file is invalid; the message names the file, row and problem.</exception>
    public static PostCatalog LoadEmbedded()
    {
        using var posts = OpenEmbedded(PostsFile);
        using var jurisdictions = OpenEmbedded(JurisdictionsFile);
        using var countries = OpenEmbedded(CountriesFile);
        using var subdivisions = OpenEmbedded(SubdivisionsFile);
        using var aliases = OpenEmbedded(AliasesFile);
        var catalog = Load(posts, jurisdictions, countries, subdivisions);
        catalog.AddAliases(aliases, AliasesFile);
        return catalog;
    }

    /// <summary>
    /// Codes other sources use for a subdivision (boundary data with pre-reform provinces, say), each mapped to the
    /// current code whose post serves it: <c>alias,subdivision,note</c>.
    /// </summary>
    internal void AddAliases(Stream aliases, string file)
    {
        using var reader = new StreamReader(aliases);
        var header = true;
        foreach (var line in SimpleCsv.Read(reader, file))
        {
            if (header)
            {
                header = false;
                continue;
            }

            if (line.Fields.Count < 2)
            {
                throw new InvalidDataException($"{file} line {line.Number}: expected alias,subdivision,note in '{line.Text}'.");
            }

            var (alias, target) = (line.Fields[0].Trim().ToUpperInvariant(), line.Fields[1].Trim().ToUpperInvariant());
            if (bySubdivision.ContainsKey(alias))
            {
                throw new InvalidDataException($"{file} line {line.Number}: '{alias}' is a subdivision of the jurisdiction map, not an alias.");
            }

            if (!bySubdivision.TryGetValue(target, out var post))
            {
                throw new InvalidDataException($"{file} line {line.Number}: '{target}' is no subdivision of the jurisdiction map.");
            }

            bySubdivision[alias] = post;
        }
    }

    /// <summary>True when the jurisdiction map names this place itself (not through a fallback row or the central desk's default).</summary>
    public bool Knows(Place place)
    {
        var country = place.Country.Trim().ToUpperInvariant();
        if (!fallbackBySplitCountry.ContainsKey(country))
        {
            return byCountry.ContainsKey(country);
        }

        var subdivision = place.Subdivision?.Trim().ToUpperInvariant();
        return subdivision is not null && bySubdivision.ContainsKey(subdivision.Contains('-', StringComparison.Ordinal) ? subdivision : country + "-" + subdivision);
    }

    /// <summary>Loads and validates the four data files (UTF-8).</summary>
    /// <exception cref="InvalidDataException">A data file is invalid; the message names the file, row and problem.</exception>
    public static PostCatalog Load(Stream posts, Stream jurisdictions, Stream countries, Stream subdivisions)
    {
        var countryCodes = ReadCountries(countries);
        var subdivisionsByCountry = ReadSubdivisions(subdivisions, countryCodes);
        var (postList, byChannel) = ReadPosts(posts, countryCodes);
        var byId = postList.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var (byCountry, bySubdivision, fallback) = ReadJurisdictions(jurisdictions, byId, countryCodes, subdivisionsByCountry);
        return new PostCatalog(postList, byCountry, bySubdivision, fallback, byChannel);
    }

    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public Post Get(string id) =>
        byId.TryGetValue(id, out var post) ? post : throw new KeyNotFoundException($"No post with id '{id}'.");

    public bool TryGet(string id, [MaybeNullWhen(false)] out Post post) => byId.TryGetValue(id, out post);

    /// <summary>
    /// The post responsible for citizens at <paramref name="place"/>: for a split country the row of its subdivision
    /// (written "BR-RS" or "RS"), else that country's fallback row ("*"); for any other country its row, whatever the
    /// subdivision. A code that is no ISO 3166-1 country goes to the central desk.
    /// </summary>
    public Post Responsible(Place place)
    {
        var country = (place.Country ?? "").Trim().ToUpperInvariant();
        if (fallbackBySplitCountry.TryGetValue(country, out var fallback))
        {
            var subdivision = place.Subdivision?.Trim().ToUpperInvariant();
            if (string.IsNullOrEmpty(subdivision))
            {
                return fallback;
            }

            if (!subdivision.Contains('-', StringComparison.Ordinal))
            {
                subdivision = country + "-" + subdivision;
            }

            return subdivision.StartsWith(country + "-", StringComparison.Ordinal) && bySubdivision.TryGetValue(subdivision, out var post)
                ? post
                : fallback;
        }

        return byCountry.TryGetValue(country, out var holder) ? holder : Central;
    }

    /// <summary>Every post responsible for a part of the country: its own, or for a split country its fallback and each subdivision's.</summary>
    public IReadOnlyList<Post> ServingCountry(string country)
    {
        var code = country.Trim().ToUpperInvariant();
        if (fallbackBySplitCountry.TryGetValue(code, out var fallback))
        {
            return [.. bySubdivision.Where(s => s.Key.StartsWith(code + "-", StringComparison.Ordinal)).Select(s => s.Value).Append(fallback).DistinctBy(p => p.Id)];
        }

        return byCountry.TryGetValue(code, out var holder) ? [holder] : [];
    }

    /// <summary>The post whose page or number this is, or null when no post is bound to it.</summary>
    public Post? ForChannelAccount(ChannelKind channel, string accountId) =>
        byChannel.TryGetValue((channel, accountId), out var post) ? post : null;

    /// <summary>Whether the country is split between posts by first-level subdivision.</summary>
    public bool IsSplit(string country) => fallbackBySplitCountry.ContainsKey(country.Trim().ToUpperInvariant());

    private static Stream OpenEmbedded(string file)
    {
        var assembly = typeof(PostCatalog).Assembly;
        var suffix = ".Routing.Data." + file;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{file}: not embedded in {assembly.GetName().Name} (expected a resource ending in '{suffix}').");
        return assembly.GetManifestResourceStream(name)!;
    }

    private static T Deserialize<T>(Stream stream, string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(stream, type) ?? throw new InvalidDataException($"{file}: the file is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file} line {e.LineNumber + 1}: invalid JSON ({e.Message}).", e);
        }
    }

    private static HashSet<string> ReadCountries(Stream stream)
    {
        var file = Deserialize(stream, CountriesFile, CatalogJsonContext.Default.CountriesFile);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var rows = file.Countries ?? throw new InvalidDataException($"{CountriesFile}: no 'countries' array.");
        for (var i = 0; i < rows.Count; i++)
        {
            var code = rows[i]?.Alpha2;
            if (code is null || !CountryCode().IsMatch(code))
            {
                throw new InvalidDataException($"{CountriesFile} country #{i + 1}: 'alpha2' must be two capital letters, not '{code}'.");
            }

            if (!codes.Add(code))
            {
                throw new InvalidDataException($"{CountriesFile} country #{i + 1}: duplicate code '{code}'.");
            }
        }

        return codes;
    }

    private static Dictionary<string, HashSet<string>> ReadSubdivisions(Stream stream, HashSet<string> countries)
    {
        var file = Deserialize(stream, SubdivisionsFile, CatalogJsonContext.Default.SubdivisionsFile);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (country, rows) in file.Countries ?? throw new InvalidDataException($"{SubdivisionsFile}: no 'countries' object."))
        {
            if (!countries.Contains(country))
            {
                throw new InvalidDataException($"{SubdivisionsFile} country '{country}': not an ISO 3166-1 code of {CountriesFile}.");
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (row, i) in (rows ?? []).Select((r, i) => (r, i)))
            {
                var code = row?.Code;
                if (code is null || !code.StartsWith(country + "-", StringComparison.Ordinal) || !codes.Add(code))
                {
                    throw new InvalidDataException(
                        $"{SubdivisionsFile} country '{country}' subdivision #{i + 1}: code '{code}' is missing, duplicate or not of the form {country}-XX.");
                }
            }

            result[country] = codes;
        }

        return result;
    }

    private static (List<Post>, Dictionary<(ChannelKind, string), Post>) ReadPosts(Stream stream, HashSet<string> countries)
    {
        var file = Deserialize(stream, PostsFile, CatalogJsonContext.Default.PostsFile);
        var rows = file.Posts ?? throw new InvalidDataException($"{PostsFile}: no 'posts' array.");
        var posts = new List<Post>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var byChannel = new Dictionary<(ChannelKind, string), Post>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"{PostsFile} post #{i + 1}" + (row?.Id is { } id ? $" ('{id}')" : "");
            InvalidDataException Bad(string problem) => new($"{where}: {problem}");
            string Required(string? value, string name) =>
                string.IsNullOrWhiteSpace(value) ? throw Bad($"'{name}' is missing.") : value.Trim();

            if (row is null)
            {
                throw Bad("the entry is null.");
            }

            var postId = Required(row.Id, "id");
            if (!PostId().IsMatch(postId))
            {
                throw Bad($"id '{postId}' must be a lowercase slug (letters, digits, '-').");
            }

            if (!ids.Add(postId))
            {
                throw Bad($"duplicate id '{postId}'.");
            }

            var kind = Required(row.Kind, "kind") switch
            {
                "embassy" => PostKind.Embassy,
                "consulateGeneral" => PostKind.ConsulateGeneral,
                "permanentRepresentation" => PostKind.PermanentRepresentation,
                "central" => PostKind.Central,
                "other" => PostKind.Other,
                var other => throw Bad($"unknown kind '{other}' (embassy, consulateGeneral, permanentRepresentation, central, other)."),
            };
            if ((kind == PostKind.Central) != (postId == Routing.Posts.Central))
            {
                throw Bad($"only the post '{Routing.Posts.Central}' has kind 'central', and it must.");
            }

            var country = Required(row.Country, "country");
            if (!countries.Contains(country))
            {
                throw Bad($"country '{country}' is not an ISO 3166-1 code of {CountriesFile}.");
            }

            var timeZone = Required(row.TimeZone, "timeZone");
            if (!IsIanaTimeZone(timeZone))
            {
                throw Bad($"time zone '{timeZone}' is not a known IANA time zone id.");
            }

            var languages = new List<string>();
            foreach (var language in row.Languages ?? [])
            {
                if (language is null || !LanguageCode().IsMatch(language) || languages.Contains(language))
                {
                    throw Bad($"language '{language}' is not a two-letter lowercase ISO 639-1 code, or repeated.");
                }

                languages.Add(language);
            }

            if (languages.Count == 0)
            {
                throw Bad("'languages' is missing or empty.");
            }

            var consularHelp = row.ConsularHelp ?? throw Bad("'consularHelp' is missing.");
            if (kind == PostKind.Central && !consularHelp)
            {
                throw Bad("the central desk gives consular help.");
            }

            var post = new Post(
                postId,
                Required(row.NameNl, "nameNl"),
                Required(row.NameFr, "nameFr"),
                Required(row.NameEn, "nameEn"),
                kind,
                Required(row.City, "city"),
                country,
                timeZone,
                languages.AsReadOnly(),
                Optional(row.MessengerPageId),
                Optional(row.WhatsAppPhoneNumberId),
                consularHelp,
                Required(row.NameDe, "nameDe"));

            Bind(ChannelKind.Messenger, post.MessengerPageId, "messengerPageId");
            Bind(ChannelKind.WhatsApp, post.WhatsAppPhoneNumberId, "whatsAppPhoneNumberId");
            posts.Add(post);

            void Bind(ChannelKind channel, string? account, string name)
            {
                if (account is null)
                {
                    return;
                }

                if (!account.All(char.IsAsciiDigit))
                {
                    throw Bad($"'{name}' '{account}' must be digits only, as Meta's ids are.");
                }

                if (!byChannel.TryAdd((channel, account), post))
                {
                    throw Bad($"'{name}' '{account}' is already bound to post '{byChannel[(channel, account)].Id}'.");
                }
            }
        }

        var central = posts.FindIndex(p => p.Id == Routing.Posts.Central);
        if (central < 0)
        {
            throw new InvalidDataException($"{PostsFile}: the central desk '{Routing.Posts.Central}' is missing.");
        }

        // The central desk first: lists of posts shown to agents start with it.
        var centralPost = posts[central];
        posts.RemoveAt(central);
        posts.Insert(0, centralPost);
        return (posts, byChannel);
    }

    private static (Dictionary<string, Post>, Dictionary<string, Post>, Dictionary<string, Post>) ReadJurisdictions(
        Stream stream,
        Dictionary<string, Post> posts,
        HashSet<string> countries,
        Dictionary<string, HashSet<string>> subdivisions)
    {
        const string file = JurisdictionsFile;
        var byCountry = new Dictionary<string, (Post Post, int Line)>(StringComparer.Ordinal);
        var bySubdivision = new Dictionary<string, (Post Post, int Line)>(StringComparer.Ordinal);
        var fallback = new Dictionary<string, (Post Post, int Line)>(StringComparer.Ordinal);
        var firstLineOfSplit = new Dictionary<string, int>(StringComparer.Ordinal);

        using var reader = new StreamReader(stream, leaveOpen: true);
        var header = true;
        foreach (var line in SimpleCsv.Read(reader, file))
        {
            InvalidDataException Bad(string problem) => new($"{file} line {line.Number} ({line.Text}): {problem}");
            if (header)
            {
                if (line.Fields.Count < 3 || line.Fields[0] != "country" || line.Fields[1] != "subdivision" || line.Fields[2] != "post")
                {
                    throw Bad("the first row must be the header 'country,subdivision,post,note'.");
                }

                header = false;
                continue;
            }

            if (line.Fields.Count is < 3 or > 4)
            {
                throw Bad($"expected 3 or 4 fields (country,subdivision,post,note), found {line.Fields.Count}.");
            }

            var (country, subdivision, postId) = (line.Fields[0], line.Fields[1], line.Fields[2]);
            if (!countries.Contains(country))
            {
                throw Bad($"unknown country '{country}' (not an ISO 3166-1 code of {CountriesFile}).");
            }

            if (!posts.TryGetValue(postId, out var post))
            {
                throw Bad($"unknown post '{postId}' (not in {PostsFile}).");
            }

            if (!post.ConsularHelp)
            {
                throw Bad($"post '{postId}' gives no consular help, so it cannot hold a jurisdiction.");
            }

            if (subdivision.Length == 0)
            {
                if (byCountry.TryGetValue(country, out var earlier))
                {
                    throw Bad($"overlap: country '{country}' is already covered by line {earlier.Line}.");
                }

                if (firstLineOfSplit.TryGetValue(country, out var split))
                {
                    throw Bad($"overlap: country '{country}' is split by subdivision from line {split}; a whole-country row cannot also cover it.");
                }

                byCountry[country] = (post, line.Number);
                continue;
            }

            if (byCountry.TryGetValue(country, out var whole))
            {
                throw Bad($"overlap: country '{country}' is covered as a whole by line {whole.Line}; it cannot also be split.");
            }

            firstLineOfSplit.TryAdd(country, line.Number);
            if (!subdivisions.TryGetValue(country, out var known))
            {
                throw Bad($"country '{country}' is split but {SubdivisionsFile} lists no subdivisions for it (run tools/data/build-subdivisions.mjs).");
            }

            if (subdivision == Fallback)
            {
                if (fallback.TryGetValue(country, out var earlier))
                {
                    throw Bad($"overlap: the fallback of '{country}' is already given by line {earlier.Line}.");
                }

                fallback[country] = (post, line.Number);
                continue;
            }

            if (!known.Contains(subdivision))
            {
                throw Bad($"unknown subdivision '{subdivision}': not a first-level subdivision of '{country}' in {SubdivisionsFile}.");
            }

            if (bySubdivision.TryGetValue(subdivision, out var previous))
            {
                throw Bad($"overlap: subdivision '{subdivision}' is already covered by line {previous.Line}.");
            }

            bySubdivision[subdivision] = (post, line.Number);
        }

        if (header)
        {
            throw new InvalidDataException($"{file}: no header row 'country,subdivision,post,note'.");
        }

        foreach (var (country, line) in firstLineOfSplit)
        {
            if (!fallback.ContainsKey(country))
            {
                throw new InvalidDataException(
                    $"{file} line {line}: country '{country}' is split but has no fallback row '{country},{Fallback},<post>' for places of unknown subdivision.");
            }

            var missing = subdivisions[country].Where(s => !bySubdivision.ContainsKey(s)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException(
                    $"{file} line {line}: country '{country}' is split but these subdivisions are not covered: {string.Join(", ", missing)}.");
            }
        }

        var uncovered = countries.Where(c => !byCountry.ContainsKey(c) && !firstLineOfSplit.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        if (uncovered.Count > 0)
        {
            throw new InvalidDataException(
                $"{file}: these countries of {CountriesFile} are not covered (add a row, with post '{Routing.Posts.Central}' if no post serves them): {string.Join(", ", uncovered)}.");
        }

        return (
            byCountry.ToDictionary(e => e.Key, e => e.Value.Post, StringComparer.Ordinal),
            bySubdivision.ToDictionary(e => e.Key, e => e.Value.Post, StringComparer.Ordinal),
            fallback.ToDictionary(e => e.Key, e => e.Value.Post, StringComparer.Ordinal));
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Linux and macOS read the IANA database; Windows maps IANA ids through ICU. A Windows id ("Romance Standard Time")
    // would be found on Windows too, so the id must also look like an IANA one.
    private static bool IsIanaTimeZone(string id) =>
        (id.Contains('/', StringComparison.Ordinal) || id == "UTC") && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PostId();

    [GeneratedRegex("^[a-z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}
