using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Replies;

/// <summary>Meta's Graph API, where replies go. Tokens are secrets: configuration only, never committed.</summary>
internal sealed class GraphApiOptions
{
    public const string Section = "GraphApi";

    /// <summary>The versioned base address; tests and the local demo point it at the fake Graph API on loopback.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com/v21.0/");

    /// <summary>First retry delay on 429 and 5xx (exponential backoff with jitter after it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;
}
