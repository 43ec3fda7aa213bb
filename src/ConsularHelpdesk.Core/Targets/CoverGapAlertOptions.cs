using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Targets;

/// <summary>The daily alert to supervisors about gaps in the roster (section <c>CoverGapAlerts</c>, self-host).</summary>
internal sealed class CoverGapAlertOptions
{
    public const string Section = "CoverGapAlerts";

    /// <summary>
    /// How often the self-host checks the next 24 hours. The Functions app checks daily at 05:00 UTC (its timer's
    /// schedule). A shorter period tells of a gap rostered meanwhile sooner; a gap already told is never told again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(1);
}
