using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Every post's opening hours, from <c>Coverage/Data/office-hours.json</c> (embedded in this assembly): a default
/// week, weeks per host country (Friday–Saturday weekends), weeks per post (the central desk's 24/7) and each post's
/// closure days. Loading validates every row against the post catalogue, so that a bad edit fails at start with the
/// row named, not when a citizen writes at night. Immutable once loaded; safe to share.
/// </summary>
internal sealed partial class OfficeHoursCalendar
{
    internal const string File = "office-hours.json";

    private readonly Dictionary<string, PostHours> byPost;

    private OfficeHoursCalendar(Dictionary<string, PostHours> byPost) => this.byPost = byPost;

    /// <summary>Whether the calendar has hours for <paramref name="postId"/> (every post of the catalogue it was loaded for).</summary>
    public bool Knows(string postId) => byPost.ContainsKey(postId);

    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public PostHours For(string postId) =>
        byPost.TryGetValue(postId, out var hours) ? hours : throw new KeyNotFoundException($"No post with id '{postId}'.");

    /// <summary>
    /// A new calendar in which <paramref name="postId"/> is also closed on <paramref name="dates"/> (an iCalendar import,
    /// <see cref="ClosureDaysImport"/>); this one is unchanged, so a calendar in use is never edited under a reader.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public OfficeHoursCalendar WithClosures(string postId, IEnumerable<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        var hours = For(postId);
        var closures = new HashSet<DateOnly>(hours.Closures);
        closures.UnionWith(dates);
        return new OfficeHoursCalendar(new Dictionary<string, PostHours>(byPost, StringComparer.Ordinal) { [postId] = hours with { Closures = closures } });
    }

    /// <summary>Loads and validates the data file embedded in this assembly.</summary>
    /// <exception cref="InvalidDataException">The file is invalid; the message names the row and the problem.</exception>
    public static OfficeHoursCalendar LoadEmbedded(PostCatalog catalog)
    {
        var assembly = typeof(OfficeHoursCalendar).Assembly;
        var suffix = ".Coverage.Data." + File;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{File}: not embedded in {assembly.GetName().Name} (expected a resource ending in '{suffix}').");
        using var stream = assembly.GetManifestResourceStream(name)!;
        return Load(stream, catalog);
    }

    /// <summary>Loads and validates an office-hours file (UTF-8) for the posts of <paramref name="catalog"/>.</summary>
    /// <exception cref="InvalidDataException">The file is invalid; the message names the row and the problem.</exception>
    public static OfficeHoursCalendar Load(Stream stream, PostCatalog catalog)
    {
        OfficeHoursFile file;
        try
        {
            file = JsonSerializer.Deserialize(stream, OfficeHoursJsonContext.Default.OfficeHoursFile)
                ?? throw new InvalidDataException($"{File}: the file is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{File} line {e.LineNumber + 1}: invalid JSON ({e.Message}).", e);
        }

        var defaultWeek = ReadWeek(file.DefaultWeek ?? throw new InvalidDataException($"{File}: no 'defaultWeek' object."), $"{File} defaultWeek");
        var countryWeeks = ReadCountries(file.Countries ?? []);
        var postRows = ReadPosts(file.Posts ?? [], catalog);
        var closures = ReadClosures(file.Closures ?? [], catalog);

        var byPost = new Dictionary<string, PostHours>(StringComparer.Ordinal);
        foreach (var post in catalog.Posts)
        {
            postRows.TryGetValue(post.Id, out var row);
            var week = row?.Week ?? countryWeeks.GetValueOrDefault(post.Country) ?? defaultWeek;
            var zone = row?.TimeZone ?? FindZone(post.TimeZone, $"{File}: post '{post.Id}' of the catalogue");
            byPost[post.Id] = new PostHours(
                zone,
                post.Country,
                row?.PublicHolidays ?? true,
                week,
                closures.GetValueOrDefault(post.Id) ?? new HashSet<DateOnly>());
        }

        return new OfficeHoursCalendar(byPost);
    }

    private sealed record PostOverride(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningSlot>>? Week, TimeZoneInfo? TimeZone, bool? PublicHolidays);

    private static Dictionary<string, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningSlot>>> ReadCountries(List<CountryHoursRow?> rows)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<OpeningSlot>>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"{File} country #{i + 1}" + (row?.Country is { } c ? $" ('{c}')" : "");
            var country = row?.Country?.Trim() ?? "";
            if (!CountryCode().IsMatch(country))
            {
                throw new InvalidDataException($"{where}: 'country' must be two capital letters (ISO 3166-1), not '{country}'.");
            }

            if (result.ContainsKey(country))
            {
                throw new InvalidDataException($"{where}: duplicate country '{country}'.");
            }

            result[country] = ReadWeek(row!.Week ?? throw new InvalidDataException($"{where}: no 'week' object."), where);
        }

        return result;
    }

    private static Dictionary<string, PostOverride> ReadPosts(List<PostHoursRow?> rows, PostCatalog catalog)
    {
        var result = new Dictionary<string, PostOverride>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"{File} post #{i + 1}" + (row?.Post is { } p ? $" ('{p}')" : "");
            var postId = KnownPost(row?.Post, catalog, where);
            if (result.ContainsKey(postId))
            {
                throw new InvalidDataException($"{where}: duplicate post '{postId}'.");
            }

            result[postId] = new PostOverride(
                row!.Week is { } week ? ReadWeek(week, where) : null,
                string.IsNullOrWhiteSpace(row.TimeZone) ? null : FindZone(row.TimeZone.Trim(), where),
                row.PublicHolidays);
        }

        return result;
    }

    private static Dictionary<string, IReadOnlySet<DateOnly>> ReadClosures(List<ClosureRow?> rows, PostCatalog catalog)
    {
        var result = new Dictionary<string, HashSet<DateOnly>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"{File} closure #{i + 1}" + (row?.Post is { } p ? $" ('{p}', {row.Date})" : "");
            var postId = KnownPost(row?.Post, catalog, where);
            if (!DateOnly.TryParseExact(row!.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new InvalidDataException($"{where}: 'date' must be a date written yyyy-MM-dd, not '{row.Date}'.");
            }

            if (!(result.TryGetValue(postId, out var dates) ? dates : result[postId] = []).Add(date))
            {
                throw new InvalidDataException($"{where}: duplicate closure day {date:yyyy-MM-dd} for post '{postId}'.");
            }
        }

        return result.ToDictionary(e => e.Key, IReadOnlySet<DateOnly> (e) => e.Value, StringComparer.Ordinal);
    }

    private static string KnownPost(string? id, PostCatalog catalog, string where)
    {
        var postId = id?.Trim() ?? "";
        return catalog.TryGet(postId, out _) ? postId : throw new InvalidDataException($"{where}: unknown post '{postId}' (not in {PostCatalog.PostsFile}).");
    }

    private static Dictionary<DayOfWeek, IReadOnlyList<OpeningSlot>> ReadWeek(Dictionary<string, List<string?>?> week, string where)
    {
        var result = new Dictionary<DayOfWeek, IReadOnlyList<OpeningSlot>>();
        foreach (var (dayName, slotTexts) in week)
        {
            if (!Enum.TryParse<DayOfWeek>(dayName, ignoreCase: true, out var day) || !dayName.All(char.IsAsciiLetter))
            {
                throw new InvalidDataException($"{where}: unknown weekday '{dayName}' (monday … sunday).");
            }

            var slots = new List<OpeningSlot>();
            foreach (var text in slotTexts ?? [])
            {
                slots.Add(ReadSlot(text, $"{where} {dayName}"));
            }

            slots.Sort((a, b) => a.From.CompareTo(b.From));
            for (var i = 1; i < slots.Count; i++)
            {
                if (slots[i].From < slots[i - 1].To)
                {
                    throw new InvalidDataException($"{where} {dayName}: the slots {Show(slots[i - 1])} and {Show(slots[i])} overlap.");
                }
            }

            result[day] = slots;
        }

        return result;
    }

    private static OpeningSlot ReadSlot(string? text, string where)
    {
        var match = Slot().Match(text ?? "");
        if (!match.Success)
        {
            throw new InvalidDataException($"{where}: slot '{text}' must be written HH:mm-HH:mm (00:00 to 24:00).");
        }

        var from = Time(match.Groups[1].Value, match.Groups[2].Value);
        var to = Time(match.Groups[3].Value, match.Groups[4].Value);
        if (from >= TimeSpan.FromHours(24) || to > TimeSpan.FromHours(24))
        {
            throw new InvalidDataException($"{where}: slot '{text}' is outside 00:00 to 24:00.");
        }

        return to > from ? new OpeningSlot(from, to) : throw new InvalidDataException($"{where}: slot '{text}' ends before it starts.");
    }

    private static TimeSpan Time(string hours, string minutes) =>
        new(int.Parse(hours, CultureInfo.InvariantCulture), int.Parse(minutes, CultureInfo.InvariantCulture), 0);

    private static string Show(OpeningSlot slot) => $"{slot.From:hh\\:mm}-{(int)slot.To.TotalHours:00}:{slot.To.Minutes:00}";

    // Linux and macOS read the IANA database; a Windows id would be found on Windows too, so it must also look IANA.
    private static TimeZoneInfo FindZone(string id, string where) =>
        (id.Contains('/', StringComparison.Ordinal) || id == "UTC") && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidDataException($"{where}: unknown time zone '{id}' (an IANA id such as 'Asia/Bangkok').");

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryCode();

    [GeneratedRegex(@"^\s*([0-2][0-9]):([0-5][0-9])\s*-\s*([0-2][0-9]):([0-5][0-9])\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Slot();
}
