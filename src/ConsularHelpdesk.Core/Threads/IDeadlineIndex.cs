namespace ConsularHelpdesk.Threads;

/// <summary>
/// The response targets' index of conversations waiting for a person's answer (kept by <c>Targets</c>): declared
/// here so that the thread store, which sees a conversation start waiting, needs nothing from the feature that sweeps it.
/// </summary>
internal interface IDeadlineIndex
{
    /// <summary>
    /// Sets the header's due time from its post, its urgency and <see cref="ThreadHeaderEntity.WaitingSince"/>, and the
    /// key of its index row (its first check); clears what the sweep recorded of an earlier due time. Writes nothing.
    /// </summary>
    void Schedule(ThreadHeaderEntity header);

    /// <summary>
    /// Someone took the waiting conversation: brings its next check forward to when they could have been away long
    /// enough to lose it (reassignment), unless a check comes sooner. Returns whether the key changed, and the row it
    /// replaces (to remove after writing the header and then the new row).
    /// </summary>
    (bool Changed, string? Replaced) CheckAssignee(ThreadHeaderEntity header);

    /// <summary>Writes the index row the header points at (idempotent); before the header, so a crash leaves a row to find.</summary>
    Task WriteAsync(ThreadHeaderEntity header, CancellationToken cancellationToken);

    /// <summary>Removes an index row (nothing when it is gone already).</summary>
    Task RemoveAsync(string? key, CancellationToken cancellationToken);
}
