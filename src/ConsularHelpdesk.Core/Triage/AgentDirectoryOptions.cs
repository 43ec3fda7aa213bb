using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Triage;

/// <summary>How long an instance trusts what it read of an agent (both hosts read the same section).</summary>
internal sealed class AgentDirectoryOptions
{
    public const string Section = "AgentDirectory";

    /// <summary>
    /// An agent read from the Agents table is reused for this long, so that a poll costs no directory read: a change
    /// of an agent's rights (posts, role, removal) takes effect on other instances within this delay. Zero: always read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);
}
