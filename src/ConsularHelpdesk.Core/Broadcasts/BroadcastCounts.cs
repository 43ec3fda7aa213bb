namespace ConsularHelpdesk.Broadcasts;

/// <summary>How many recipients of a broadcast are in each state (the sums of its counter rows).</summary>
internal sealed record BroadcastCounts(int Queued, int Sent, int Delivered, int Read, int Failed, int NotReachable, int Cancelled)
{
    public static BroadcastCounts Sum(IEnumerable<BroadcastCounterEntity> rows)
    {
        int queued = 0, sent = 0, delivered = 0, read = 0, failed = 0, notReachable = 0, cancelled = 0;
        foreach (var row in rows)
        {
            queued += row.Queued;
            sent += row.Sent;
            delivered += row.Delivered;
            read += row.Read;
            failed += row.Failed;
            notReachable += row.NotReachable;
            cancelled += row.Cancelled;
        }

        return new(queued, sent, delivered, read, failed, notReachable, cancelled);
    }

    public int Total => Queued + Sent + Delivered + Read + Failed + NotReachable + Cancelled;
}
