using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Media;

/// <summary>The download of citizens' media (section <c>Media</c>), validated at start.</summary>
internal sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>
    /// Attempts of one attachment that fail for a passing reason (Meta unreachable, 429 or 5xx after the HTTP retries, a
    /// body cut off, a storage error) before it is marked failed (unavailable). Each is queued again after
    /// <see cref="RetryDelayAfter"/>: with the defaults, 8 attempts over about 3 hours 40 minutes (WhatsApp keeps a
    /// citizen's media for 30 days).
    /// </summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; each next one waits four times longer, at most an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one attachment's download may take, all of its bytes included. Below the Functions host's
    /// <c>functionTimeout</c> (2 minutes, host.json), which would otherwise stop the step uncounted; 90 s moves Meta's
    /// largest document (100 MB) at about 1.1 MB/s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>The wait after the <paramref name="attempt"/>-th failed attempt: <see cref="RetryDelay"/> × 4^(attempt − 1), at most an hour.</summary>
    public TimeSpan RetryDelayAfter(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(TimeSpan.FromHours(1).Ticks, RetryDelay.Ticks * Math.Pow(4, Math.Max(0, attempt - 1))));

    /// <summary>
    /// Files one self-host downloads at once (1): the bytes go through the machine that answers the webhooks, and
    /// `bench media-load` showed that two 2 MiB downloads at once on 2 cores cut the webhook's answer rate to 0.63×.
    /// On Functions, the media trigger scales out with its queue instead.
    /// </summary>
    [Range(1, 16)]
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// Hosts a media address may have besides Meta's CDNs (<c>*.fbcdn.net</c>, <c>*.fbsbx.com</c>) and the Graph API's own
    /// host: empty in production; never a wildcard.
    /// </summary>
    public List<string> ExtraHosts { get; set; } = [];
}
