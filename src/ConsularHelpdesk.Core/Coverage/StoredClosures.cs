using System.Collections.Frozen;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// The stored closure days of every post, in this instance's memory, so that <see cref="OfficeHours.IsOpen"/> stays a
/// pure in-memory answer. <see cref="RefreshAsync"/> checks the markers (one partition query) at most once per
/// <see cref="CheckEvery"/>, and reads the dates of a post again only when its marker moved: a change made on this
/// instance applies at once, one made on another within <see cref="CheckEvery"/> (as <c>AgentDirectory</c> does).
/// </summary>
internal sealed class StoredClosures(ClosureStore store, TimeProvider time) : IDisposable
{
    /// <summary>How long what was read serves before the markers are read again.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    /// <summary>How far back dates are read: a closure day of last year still answers "was the post open then".</summary>
    private const int YearsBack = 1;

    private readonly RefreshedSnapshot<FrozenDictionary<string, PostDates>> _snapshot = new(
        FrozenDictionary<string, PostDates>.Empty,
        (previous, now, cancellationToken) => ReadAsync(store, previous, now, cancellationToken),
        CheckEvery,
        time);

    /// <summary>Whether an administrator stored <paramref name="date"/> as a closure day of the post (as last read).</summary>
    public bool IsClosed(string postId, DateOnly date) =>
        _snapshot.Value.TryGetValue(postId, out var post) && post.Dates.Contains(date);

    /// <summary>Reads the markers when the last check is older than <see cref="CheckEvery"/> (or <paramref name="force"/>), and the dates of the posts that changed.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken, bool force = false) => _snapshot.RefreshAsync(cancellationToken, force);

    /// <summary>
    /// Starts a refresh in the background when what was read is older than <see cref="CheckEvery"/>: the synchronous
    /// <c>OfficeHours.IsOpen</c> cannot wait for one, and without this only the callers that refresh themselves (the
    /// automatic replies) would see a day another instance stored. The call that notices answers from what was read;
    /// the next ones from the refreshed dates.
    /// </summary>
    public void RefreshIfStale() => _snapshot.RefreshIfStale();

    public void Dispose() => _snapshot.Dispose();

    private static async Task<FrozenDictionary<string, PostDates>> ReadAsync(
        ClosureStore store, FrozenDictionary<string, PostDates>? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var markers = await store.MarkersAsync(cancellationToken);
        var from = new DateOnly(now.Year - YearsBack, 1, 1);
        var posts = new Dictionary<string, PostDates>(StringComparer.Ordinal);
        foreach (var (postId, version) in markers)
        {
            posts[postId] = previous is not null && previous.TryGetValue(postId, out var known) && known.Version == version
                ? known
                : new PostDates(version, (await store.ListAsync(postId, from, DateOnly.MaxValue, cancellationToken)).Select(c => c.Date).ToFrozenSet());
        }

        return posts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record PostDates(string Version, FrozenSet<DateOnly> Dates);
}
