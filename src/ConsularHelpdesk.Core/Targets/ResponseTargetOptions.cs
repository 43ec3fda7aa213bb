using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// The ministry's promise of a first answer, per priority, and how the sweep escalates when it is not kept (section
/// <c>ResponseTargets</c>, both hosts). Urgent: within <see cref="UrgentWithin"/>, around the clock. Normal: within the
/// post's working day (the end of the day's last opening slot; a message while closed, the end of the next open day).
/// </summary>
internal sealed class ResponseTargetOptions : IValidatableObject
{
    public const string Section = "ResponseTargets";

    /// <summary>An urgent conversation (tagged urgent) gets its first answer within this, whatever the hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>This long before an urgent due time, the conversation is flagged "near" in every list.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UrgentNear { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Past an urgent due time by this (and by this again), the next tier is told.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UrgentMargin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>This long before a normal due time (the end of the post's working day), the conversation is flagged "near".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan NormalNear { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Past a normal due time by this (and by this again), the next tier is told.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan NormalMargin { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// An unanswered conversation assigned to someone who is not on duty for its post and has not been seen in the
    /// triage page for this long goes back to unassigned, and the people covering the post are told.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan ReassignAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the self-host sweeps. The Functions app sweeps every minute (its timer's schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most index rows one sweep reads; the rest wait for the next sweep.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    public TimeSpan NearFor(bool urgent) => urgent ? UrgentNear : NormalNear;

    public TimeSpan MarginFor(bool urgent) => urgent ? UrgentMargin : NormalMargin;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UrgentNear >= UrgentWithin)
        {
            yield return new ValidationResult("ResponseTargets:UrgentNear must be shorter than ResponseTargets:UrgentWithin.");
        }
    }
}
