using System.Diagnostics;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// Writes a post's conversations for the inbox benchmark, in one place so that a layout change is made here once.
/// Open conversations go through the app's own path (the header, then <see cref="ThreadStore.UpdateInboxAsync"/>,
/// which writes the row where <see cref="InboxKeys"/> puts it and bumps the post's marker, and would feed any index a
/// later layout adds); the history, too large for that, is written as docs/storage.md documents it (keys from
/// <see cref="InboxKeys.Location"/>), in entity-group transactions of 100 rows of one partition, one at a time:
/// Azurite 3.35 tracks one transaction at a time per table store (concurrent ones failed here with connections reset
/// and timeouts, bench/README.md), so more at once does not seed faster, it breaks the emulator.
/// </summary>
/// <param name="storage">Clients with a long network timeout: a seed is not a webhook, and a write Azurite takes
/// long to answer must not be retried into a conflict (the writes are upserts, so a retry is harmless anyway).</param>
internal sealed class InboxSeed(StorageClients storage, ThreadStore threads)
{
    private const int Parallelism = 4;

    /// <summary><paramref name="count"/> open conversations of the post, the most recent activity first; every 10th urgent.</summary>
    public async Task OpenAsync(string post, int count, DateTimeOffset now)
    {
        var conversations = storage.Table(storage.Names.Conversations);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
        {
            var header = Header(post, i, now.AddMinutes(-i), closed: false);
            header.Urgent = i % 10 == 0;
            await conversations.UpsertEntityAsync(header, TableUpdateMode.Replace, ct);
            await threads.UpdateInboxAsync(header, contactName: "Load", previousPost: null, ct);
        });
    }

    /// <summary><paramref name="count"/> closed conversations in the post's history, closed a minute apart, with progress on the console.</summary>
    public async Task HistoryAsync(string post, int count, DateTimeOffset now)
    {
        var inbox = storage.Table(storage.Names.Inbox);
        var rows = Enumerable.Range(0, count).Select(i => InboxProjection.ToInbox(Header(post, i, now.AddMinutes(-i), closed: true), "Load"));
        var written = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        await Parallel.ForEachAsync(
            rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)),
            new ParallelOptions { MaxDegreeOfParallelism = 1 },
            async (chunk, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                await inbox.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
                var took = Stopwatch.GetElapsedTime(started);
                var total = Interlocked.Add(ref written, chunk.Length);
                // Every 10,000 rows: how long a transaction of 100 takes as the partition grows (Azurite's cost per row).
                if (total % 10_000 < chunk.Length)
                {
                    var elapsed = clock.Elapsed;
                    Console.WriteLine($"  history: {total:N0} rows after {elapsed.TotalSeconds:F0} s (this transaction {took.TotalMilliseconds:F0} ms; {(elapsed - lastReport).TotalSeconds:F1} s for the last 10,000)");
                    lastReport = elapsed;
                }
            });
    }

    private static ThreadHeaderEntity Header(string post, int i, DateTimeOffset at, bool closed) => new()
    {
        PartitionKey = $"c{post.GetHashCode(StringComparison.Ordinal) & 0xffff:x4}{(closed ? 1 : 0)}{i:D19}",
        Channel = "WhatsApp",
        ContactKey = "whatsapp-load",
        PostId = post,
        State = closed ? ThreadStates.Closed : ThreadStates.Open,
        ClosedAt = closed ? at : null,
        CreatedAt = at.AddHours(-1),
        LastActivityAt = at,
        LastInboundAt = at,
        UnreadCount = closed ? 0 : 1,
        MessageCount = 3,
        Preview = $"message {i}",
        Language = "fr",
        Revision = 2,
    };
}
