namespace ConsularHelpdesk.Benchmarks;

/// <summary>Storage requests counted so far, by service; subtract two readings to get what a phase cost.</summary>
internal readonly record struct StorageCalls(long Tables, long Blobs, long Queues)
{
    /// <summary>What issue 9 counts per message: tables and blobs (queue receive and delete apart).</summary>
    public long TablesAndBlobs => Tables + Blobs;

    public StorageCalls Since(StorageCalls before) => new(Tables - before.Tables, Blobs - before.Blobs, Queues - before.Queues);
}
