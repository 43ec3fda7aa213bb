using System.Collections.Concurrent;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The last open partition read per post, with the version of the post's marker read before it, in this instance's
/// memory: a list whose marker still has that version serves the rows from here, so a burst of agents polling a post
/// that changed reads its partition once. Validated by the marker on every request (never by time), bounded in posts
/// (least recently used out first) and in rows per post (a bigger partition is not kept).
/// </summary>
internal sealed class InboxSnapshots(TimeProvider time)
{
    public const int MaxPosts = 512;

    public const int MaxRowsPerPost = 5_000;

    private readonly ConcurrentDictionary<string, Snapshot> _posts = new(StringComparer.Ordinal);

    public IReadOnlyList<InboxEntity>? Get(string postId, string markerVersion)
    {
        if (_posts.TryGetValue(postId, out var snapshot) && snapshot.MarkerVersion == markerVersion)
        {
            snapshot.LastUsed = time.GetTimestamp();
            return snapshot.Rows;
        }

        return null;
    }

    public void Put(string postId, string markerVersion, IReadOnlyList<InboxEntity> rows)
    {
        if (rows.Count > MaxRowsPerPost)
        {
            _posts.TryRemove(postId, out _);
            return;
        }

        _posts[postId] = new Snapshot(markerVersion, rows) { LastUsed = time.GetTimestamp() };
        while (_posts.Count > MaxPosts && _posts.MinBy(p => p.Value.LastUsed) is { Key: { } oldest })
        {
            _posts.TryRemove(oldest, out _);
        }
    }

    private sealed record Snapshot(string MarkerVersion, IReadOnlyList<InboxEntity> Rows)
    {
        public long LastUsed { get; set; }
    }
}
