namespace ConsularHelpdesk.Threads;

/// <summary>Whether a conversation waits for a person's answer, and how that ends (a person's reply, a close).</summary>
internal static class Waiting
{
    /// <summary>The citizen wrote and nobody has answered yet: the conversation has a due time.</summary>
    public static bool IsWaiting(ThreadHeaderEntity header) => header.DueAt is not null;

    /// <summary>Nobody waits any more; returns the index row to remove (null when there was none).</summary>
    public static string? Clear(ThreadHeaderEntity header)
    {
        var key = header.DeadlineKey;
        (header.WaitingSince, header.DueAt, header.DeadlineKey, header.Target, header.TargetLevel, header.TargetTold) = (null, null, null, null, 0, null);
        return key;
    }
}
