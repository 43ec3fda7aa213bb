using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The regional hubs, from <c>Coverage/Data/hubs.json</c> (embedded in this assembly), validated against the post
/// catalogue when loaded so that a bad row stops the start with the row named. Immutable once loaded; safe to share.
/// </summary>
internal sealed partial class RegionalHubs
{
    internal const string File = "hubs.json";

    /// <summary>The longest hub id: it stands in roster keys and URLs.</summary>
    internal const int MaxIdLength = 64;

    private readonly Dictionary<string, RegionalHub> byId;
    private readonly Dictionary<string, List<RegionalHub>> byPost;

    private RegionalHubs(List<RegionalHub> hubs)
    {
        All = hubs.AsReadOnly();
        byId = hubs.ToDictionary(h => h.Id, StringComparer.Ordinal);
        byPost = new Dictionary<string, List<RegionalHub>>(StringComparer.Ordinal);
        foreach (var hub in hubs)
        {
            foreach (var post in hub.Posts)
            {
                (byPost.TryGetValue(post, out var list) ? list : byPost[post] = []).Add(hub);
            }
        }
    }

    /// <summary>Every hub, in file order.</summary>
    public IReadOnlyList<RegionalHub> All { get; }

    public bool TryGet(string id, [MaybeNullWhen(false)] out RegionalHub hub) => byId.TryGetValue(id, out hub);

    /// <summary>The hubs that cover <paramref name="postId"/>, in file order (none for most posts).</summary>
    public IReadOnlyList<RegionalHub> Covering(string postId) => byPost.TryGetValue(postId, out var hubs) ? hubs : [];

    /// <summary>Loads and validates the data file embedded in this assembly.</summary>
    /// <exception cref="InvalidDataException">The file is invalid; the message names the row and the problem.</exception>
    public static RegionalHubs LoadEmbedded(PostCatalog catalog)
    {
        var assembly = typeof(RegionalHubs).Assembly;
        var suffix = ".Coverage.Data." + File;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{File}: not embedded in {assembly.GetName().Name} (expected a resource ending in '{suffix}').");
        using var stream = assembly.GetManifestResourceStream(name)!;
        return Load(stream, catalog);
    }

    /// <summary>Loads and validates a hubs file (UTF-8) for the posts of <paramref name="catalog"/>.</summary>
    /// <exception cref="InvalidDataException">The file is invalid; the message names the row and the problem.</exception>
    public static RegionalHubs Load(Stream stream, PostCatalog catalog)
    {
        RegionalHubsFile file;
        try
        {
            file = JsonSerializer.Deserialize(stream, RegionalHubsJsonContext.Default.RegionalHubsFile)
                ?? throw new InvalidDataException($"{File}: the file is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{File} line {e.LineNumber + 1}: invalid JSON ({e.Message}).", e);
        }

        var hubs = new List<RegionalHub>();
        var rows = file.Hubs ?? throw new InvalidDataException($"{File}: no 'hubs' array.");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"{File} hub #{i + 1}" + (row?.Id is { } id ? $" ('{id}')" : "");
            hubs.Add(Read(row ?? throw new InvalidDataException($"{where}: null."), where, catalog, hubs));
        }

        return new RegionalHubs(hubs);
    }

    private static RegionalHub Read(RegionalHubRow row, string where, PostCatalog catalog, List<RegionalHub> before)
    {
        var id = row.Id?.Trim() ?? "";
        if (!HubId().IsMatch(id))
        {
            throw new InvalidDataException($"{where}: 'id' must be lowercase letters, digits and dashes, starting with 'hub-', at most {MaxIdLength} characters.");
        }

        if (catalog.TryGet(id, out _) || before.Any(h => h.Id == id))
        {
            throw new InvalidDataException($"{where}: the id '{id}' is already a post or another hub.");
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, name) in new[] { ("nl", row.NameNl), ("fr", row.NameFr), ("de", row.NameDe), ("en", row.NameEn) })
        {
            names[language] = string.IsNullOrWhiteSpace(name) || name.Length > 200
                ? throw new InvalidDataException($"{where}: 'name{char.ToUpperInvariant(language[0])}{language[1]}' is missing or longer than 200 characters.")
                : name.Trim();
        }

        var zoneId = row.TimeZone?.Trim() ?? "";
        if (!zoneId.Contains('/', StringComparison.Ordinal) || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new InvalidDataException($"{where}: unknown time zone '{zoneId}' (an IANA id such as 'Asia/Bangkok').");
        }

        var posts = new List<string>();
        foreach (var post in row.Posts ?? throw new InvalidDataException($"{where}: no 'posts' array."))
        {
            var postId = post?.Trim() ?? "";
            if (!catalog.TryGet(postId, out var known) || !known.ConsularHelp || postId == Routing.Posts.Central)
            {
                throw new InvalidDataException($"{where}: '{postId}' is not a post that gives consular help (the central desk covers every post already).");
            }

            if (posts.Contains(postId, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{where}: post '{postId}' is listed twice.");
            }

            posts.Add(postId);
        }

        return posts.Count > 0 ? new RegionalHub(id, names, zone, posts) : throw new InvalidDataException($"{where}: a hub covers at least one post.");
    }

    [GeneratedRegex("^hub-[a-z0-9-]{1,60}$", RegexOptions.CultureInvariant)]
    private static partial Regex HubId();
}
