using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Privacy;

/// <summary>How long closed conversations, contacts and alerts are kept (both hosts read the same section), validated at start.</summary>
internal sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>Whether the timer sweeps (both hosts); the self-host's <c>retention</c> command runs a sweep regardless.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Days a closed conversation is kept after its close (its messages, files and attachments with it); alerts as long after they were raised.</summary>
    [Range(1, 3650)]
    public int ClosedDays { get; set; } = 180;

    /// <summary>
    /// Days a closed conversation is kept when no person ever answered it (only automatic messages of ours went out) or an
    /// agent tagged it <c>spam</c>: at most <see cref="ClosedDays"/>.
    /// </summary>
    [Range(1, 3650)]
    public int UnansweredDays { get; set; } = 30;

    /// <summary>The most conversations one run deletes (and alerts per agent); the rest wait for the next run.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the self-host sweeps. The Functions app sweeps every hour (its timer's schedule).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UnansweredDays > ClosedDays)
        {
            yield return new ValidationResult(
                $"{nameof(UnansweredDays)} ({UnansweredDays}) must not be longer than {nameof(ClosedDays)} ({ClosedDays}).", [nameof(UnansweredDays)]);
        }
    }
}
