namespace ConsularHelpdesk.Storage;

/// <summary>
/// A value read from storage and kept in this instance's memory, read again at most once per <c>checkEvery</c>: one
/// refresh at a time (a caller that waited for another's finds it done), and a background refresh that fails leaves the
/// value as last read. What a refresh reads is the owner's <c>read</c>: typically a marker (a generation row, version
/// markers) and the data again only when the marker moved, which is why it is handed the value it replaces.
/// </summary>
/// <param name="empty">The value before the first read.</param>
/// <param name="read">Reads the value: the value it replaces (null before the first read) and the time of the check.</param>
/// <param name="checkEvery">How long what was read serves before a refresh reads again.</param>
/// <param name="time">The clock.</param>
internal sealed class RefreshedSnapshot<T>(
    T empty,
    Func<T?, DateTimeOffset, CancellationToken, Task<T>> read,
    TimeSpan checkEvery,
    TimeProvider time) : IDisposable
    where T : class
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Checked _checked = new(DateTimeOffset.MinValue, null);

    /// <summary>The value as last read (<c>empty</c> before the first read).</summary>
    public T Value => _checked.Value ?? empty;

    /// <summary>Reads when the last check is older than <c>checkEvery</c> (or <paramref name="force"/>).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken, bool force = false)
    {
        if (!force && time.GetUtcNow() - _checked.At < checkEvery)
        {
            return;
        }

        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var current = _checked;
            if (!force && now - current.At < checkEvery)
            {
                return; // another caller refreshed while this one waited
            }

            _checked = new Checked(now, await read(current.Value, now, cancellationToken));
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>
    /// Starts a refresh in the background when what was read is older than <c>checkEvery</c> and none runs, for a
    /// synchronous caller that cannot wait for one: it answers from what was read, the next ones from the refreshed value.
    /// </summary>
    public void RefreshIfStale()
    {
        if (time.GetUtcNow() - _checked.At >= checkEvery && _refreshing.CurrentCount > 0)
        {
            _ = RefreshQuietlyAsync();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // A background refresh that fails (storage down, the host stopping) leaves the value as last read; the next call tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed record Checked(DateTimeOffset At, T? Value);
}
