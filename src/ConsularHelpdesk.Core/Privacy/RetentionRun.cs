namespace ConsularHelpdesk.Privacy;

/// <summary>What one retention run deleted (or, dry, would delete): counts per policy and kind, never an id.</summary>
internal sealed class RetentionRun(bool dryRun)
{
    public bool DryRun { get; } = dryRun;

    /// <summary>Per policy (<see cref="RetentionSweep.ClosedPolicy"/>, <see cref="RetentionSweep.UnansweredPolicy"/>), per kind (<see cref="PurgeKinds"/>).</summary>
    public Dictionary<string, Dictionary<string, int>> Deleted { get; } = new(StringComparer.Ordinal);

    /// <summary>Due conversations kept because they are under legal hold.</summary>
    public int Held { get; set; }

    /// <summary>The batch was used up: more may be due (the next run goes on).</summary>
    public bool More { get; set; }

    public void Add(string policy, string kind, int count)
    {
        if (!Deleted.TryGetValue(policy, out var counts))
        {
            Deleted[policy] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        counts[kind] = counts.GetValueOrDefault(kind) + count;
    }

    public int Total(string policy, string kind) => Deleted.TryGetValue(policy, out var counts) ? counts.GetValueOrDefault(kind) : 0;
}
