namespace ConsularHelpdesk.Replies;

/// <summary>What one sweep did with the due index rows it read.</summary>
/// <param name="Requeued">Pending (or abandoned mid-send) replies queued again.</param>
/// <param name="Deferred">Replies a sender holds a live claim on: looked at again later.</param>
/// <param name="Cleared">Rows of sends already finished (sent, failed or gone): removed from the index.</param>
internal sealed record StuckReplySweep(int Requeued, int Deferred, int Cleared);
