using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The ministry's privacy page the privacy notice links to (<see cref="PrivacyNotice"/>), per language:
/// <c>Privacy:NoticeUrl:nl</c>, <c>:fr</c>, <c>:de</c>, <c>:en</c>, and <c>:default</c> for a language not given.
/// Each an absolute https address; checked at start (<see cref="Problem"/>).
/// </summary>
internal sealed class PrivacyNoticeOptions
{
    public const string Section = "Privacy";

    /// <summary>The key of the address used for a language that has none of its own.</summary>
    public const string Default = "default";

    /// <summary>The longest address: it rides every notice, within the platforms' message limits.</summary>
    public const int MaxUrl = 200;

    /// <summary>
    /// The privacy page per language (nl, fr, de, en, default). The defaults are the ministry's site's privacy pages as
    /// this project knows them: to be confirmed by the ministry's data-protection officer, and set in configuration.
    /// </summary>
    public Dictionary<string, string> NoticeUrl { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [Languages.Nl] = "https://diplomatie.belgium.be/nl/privacy",
        [Languages.Fr] = "https://diplomatie.belgium.be/fr/privacy",
        [Languages.De] = "https://diplomatie.belgium.be/de/privacy",
        [Languages.En] = "https://diplomatie.belgium.be/en/privacy",
    };

    /// <summary>The page for <paramref name="language"/> (one of the four), else the default's.</summary>
    public Uri UrlFor(string language) =>
        new(NoticeUrl.TryGetValue(language, out var own) && !string.IsNullOrWhiteSpace(own) ? own : NoticeUrl[Default], UriKind.Absolute);

    /// <summary>What is wrong with the configuration, for the start's error; null when every language has a valid page.</summary>
    public string? Problem()
    {
        foreach (var (key, url) in NoticeUrl)
        {
            if (key != Default && !Languages.Supported.Contains(key.ToLowerInvariant()))
            {
                return $"{Section}:NoticeUrl:{key}: not a language (nl, fr, de, en or {Default}).";
            }

            if (string.IsNullOrWhiteSpace(url))
            {
                continue;
            }

            if (url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                return $"{Section}:NoticeUrl:{key}: '{(url.Length > MaxUrl ? url[..MaxUrl] + "…" : url)}' is not an absolute https address of at most {MaxUrl} characters (the ministry's privacy page, which the privacy notice links to).";
            }
        }

        var missing = Languages.Supported.Where(l => !NoticeUrl.TryGetValue(l, out var own) || string.IsNullOrWhiteSpace(own)).ToList();
        var hasDefault = NoticeUrl.TryGetValue(Default, out var fallback) && !string.IsNullOrWhiteSpace(fallback);
        return missing.Count > 0 && !hasDefault
            ? $"{Section}:NoticeUrl: no privacy page for {string.Join(", ", missing)} and no {Section}:NoticeUrl:{Default}."
            : null;
    }
}
