using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Storage;

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

    private readonly RefreshedSnapshot<Read> _snapshot = new(
        new Read(null, []),
        (previous, _, cancellationToken) => ReadAsync(store, previous, cancellationToken),
        CheckEvery,
        time);

    /// <summary>The open crises as last read.</summary>
    public IReadOnlyList<Crisis> All => _snapshot.Value.Open;

    /// <summary>The open crisis whose jurisdiction holds <paramref name="place"/> (the newest, should two), as last read; starts a refresh when stale.</summary>
    public Crisis? Covering(Place place)
    {
        _snapshot.RefreshIfStale();
        foreach (var crisis in _snapshot.Value.Open)
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
        foreach (var crisis in _snapshot.Value.Open)
        {
            if (crisis.Id == crisisId)
            {
                return crisis;
            }
        }

        return null;
    }

    /// <summary>Reads the generation when the last check is older than <see cref="CheckEvery"/> (or <paramref name="force"/>), and the open crises when it moved.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken, bool force = false) => _snapshot.RefreshAsync(cancellationToken, force);

    public void Dispose() => _snapshot.Dispose();

    private static async Task<Read> ReadAsync(CrisisStore store, Read? previous, CancellationToken cancellationToken)
    {
        var generation = await store.GenerationAsync(cancellationToken);
        var open = previous is not null && generation == previous.Generation
            ? previous.Open
            : generation is null ? [] : await store.ListAsync(cancellationToken, openOnly: true);
        return new Read(generation, open);
    }

    private sealed record Read(string? Generation, IReadOnlyList<Crisis> Open);
}
