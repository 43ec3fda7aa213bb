using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Media;

/// <summary>The download of citizens' media (section <c>Media</c>), validated at start.</summary>
internal sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>
    /// Attempts of one attachment that fail for a passing reason (Meta unreachable, 429 or 5xx after the HTTP retries)
    /// before it is marked failed (unavailable). Below the queue's 5 deliveries, so that the row says so before the
    /// message would go to the poison queue.
    /// </summary>
    [Range(1, 4)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The longest one attachment's download may take, all of its bytes included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Hosts a media address may have besides Meta's CDNs (<c>*.fbcdn.net</c>, <c>*.fbsbx.com</c>) and the Graph API's own
    /// host: empty in production; never a wildcard.
    /// </summary>
    public List<string> ExtraHosts { get; set; } = [];
}
