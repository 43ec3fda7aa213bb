using ConsularHelpdesk.Routing;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The open crises, in this instance's memory, so that recording a message asks "is this area in a crisis" without a
/// storage call. <see cref="RefreshAsync"/> reads the generation row (one point read) at most once per
/// <see cref="CheckEvery"/> and the open crises again only when it moved: an open or close on this instance applies at
/// once (the API refreshes after it), one on another instance within <see cref="CheckEvery"/>.
/// </summary>
internal sealed class OpenCrises(CrisisStore store, TimeProvider time) : IDisposable
{
    /// <summary>How long what was read serves before the generation is read again.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _snapshot = new(DateTimeOffset.MinValue, null, []);

    /// <summary>The open crises as last read.</summary>
    public IReadOnlyList<Crisis> All => _snapshot.Open;

    /// <summary>The open crisis whose jurisdiction holds <paramref name="place"/> (the newest, should two), as last read; starts a refresh when stale.</summary>
    public Crisis? Covering(Place place)
    {
        RefreshIfStale();
        foreach (var crisis in _snapshot.Open)
        {
            if (crisis.Covers(place))
            {
                return crisis;
            }
        }

        return null;
    }

    /// <summary>Whether the crisis is open, as last read (no call).</summary>
    public bool IsOpen(string crisisId) => Find(crisisId) is not null;

    /// <summary>The open crisis with this id, as last read; null when closed or unknown.</summary>
    public Crisis? Find(string crisisId)
    {
        foreach (var crisis in _snapshot.Open)
        {
            if (crisis.Id == crisisId)
            {
                return crisis;
            }
        }

        return null;
    }

    /// <summary>Reads the generation when the last check is older than <see cref="CheckEvery"/> (or <paramref name="force"/>), and the open crises when it moved.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken, bool force = false)
    {
        if (!force && time.GetUtcNow() - _snapshot.CheckedAt < CheckEvery)
        {
            return;
        }

        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var current = _snapshot;
            if (!force && now - current.CheckedAt < CheckEvery)
            {
                return; // another caller refreshed while this one waited
            }

            var generation = await store.GenerationAsync(cancellationToken);
            var open = generation == current.Generation && current.CheckedAt != DateTimeOffset.MinValue
                ? current.Open
                : generation is null ? [] : await store.ListAsync(cancellationToken, openOnly: true);
            _snapshot = new Snapshot(now, generation, open);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    private void RefreshIfStale()
    {
        if (time.GetUtcNow() - _snapshot.CheckedAt >= CheckEvery && _refreshing.CurrentCount > 0)
        {
            _ = RefreshQuietlyAsync();
        }
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // A background refresh that fails (storage down, the host stopping) leaves the crises as last read; the next call tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed record Snapshot(DateTimeOffset CheckedAt, string? Generation, IReadOnlyList<Crisis> Open);
}
