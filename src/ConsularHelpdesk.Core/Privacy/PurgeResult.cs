namespace ConsularHelpdesk.Privacy;

/// <summary>What a purge did: its outcome and how many of each kind went (<see cref="PurgeKinds"/>), for the audit. No ids, no data.</summary>
internal sealed record PurgeResult(PurgeOutcome Outcome, IReadOnlyDictionary<string, int> Counts);
