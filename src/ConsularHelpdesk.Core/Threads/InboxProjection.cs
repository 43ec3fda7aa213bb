using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// The <c>Inbox</c> table as a projection of the thread headers: each conversation's row where its state puts it
/// (<see cref="InboxKeys"/>: open apart from history) and each post's change marker, kept so that the row shown is the
/// latest revision's whatever order concurrent writers finish in.
/// </summary>
internal sealed class InboxProjection(StorageClients storage, ConversationHeaders headers, OpenCrises crises, CrisisConversations crisisRows, ConversationArea areas)
{
    private const int MaxAttempts = 20;

    private TableClient Inbox => storage.Table(storage.Names.Inbox);

    /// <summary>
    /// The post's inbox row follows the header, whatever order concurrent writers finish in, without reading the row
    /// first: the row is upserted (with the post's marker, in one transaction when it is in the open partition), then
    /// the header is read back once. When its revision moved past the one written, a newer writer finished its header
    /// meanwhile, perhaps before our upsert overwrote its row: the projection is written again from what was read (and
    /// the row just written removed, on its own ETag, when the conversation is no longer there), until the header read
    /// back is the one projected.
    /// </summary>
    /// <remarks>
    /// Why the last writer leaves the latest revision's row: every header write precedes its writer's row write, and
    /// every row write is followed by a header read. Take the last upsert of a row and its writer's read after it:
    /// any header written before some earlier upsert of that row is written before this read too, so the read returns
    /// that revision or a later one, and the writer only stops when the revision it read is the one it wrote.
    /// A header written after that read has a writer of its own whose upsert would come later. Moves (close, reopen,
    /// transfer) also remove the rows of the places left, each only when older, on that row's ETag.
    /// </remarks>
    internal async Task UpdateAsync(ThreadHeaderEntity header, string? contactName, string? previousPost, CancellationToken cancellationToken)
    {
        // The header is written already: a projection stopped between its upsert and its read-back could leave an older
        // revision's row over a newer one until the next write. So it finishes even when the caller's request is aborted.
        cancellationToken = CancellationToken.None;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = ToInbox(header, contactName);
            var written = await WriteInboxRowAsync(row, cancellationToken);
            var removed = false;
            foreach (var (partitionKey, rowKey) in InboxKeys.FormerLocations(header, previousPost))
            {
                removed |= await DeleteOlderInboxRowAsync(partitionKey, rowKey, header.Revision, cancellationToken);
            }

            var current = await headers.GetAsync(header.PartitionKey, cancellationToken);
            var movedOn = current is not null && current.Revision > header.Revision;
            if (movedOn && InboxKeys.Location(current!) != (row.PartitionKey, row.RowKey))
            {
                // On the ETag of our own write: a newer writer that put the conversation back here keeps its row.
                removed |= await DeleteInboxRowAsync(row.PartitionKey, row.RowKey, written, cancellationToken);
            }

            // A removal after the marker's bump: bumped again, so that a poll that read the marker in between does
            // not keep a list that still shows the removed row.
            if (removed)
            {
                await BumpMarkerAsync(header.PostId, cancellationToken);
            }

            if (previousPost is not null && previousPost != header.PostId)
            {
                await BumpMarkerAsync(previousPost, cancellationToken);
            }

            if (!movedOn)
            {
                // A conversation an open crisis tagged: its row in the crisis's partition follows the header too (the
                // counts of a closed crisis stay as they were at its close).
                if (header.CrisisId is { } crisisId && crises.IsOpen(crisisId))
                {
                    await crisisRows.UpsertAsync(crisisId, CrisisLevel.Row(header, areas.Of(header.PostId, header.RoutingPlace)?.ToString()), cancellationToken);
                }

                return;
            }

            // Project the newer state; the post just written into is where it may have left (a transfer meanwhile).
            previousPost = header.PostId;
            header = current!;
        }
    }

    /// <summary>
    /// Removes every row the conversation may have in the inbox (where its header puts it, and the places it may have
    /// left: <see cref="InboxKeys.FormerLocations"/>), then bumps the markers of the posts concerned so that lists refresh.
    /// For a purge: the header is removed after this. Returns how many rows went.
    /// </summary>
    internal async Task<int> RemoveAsync(ThreadHeaderEntity header, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var (partitionKey, rowKey) in InboxKeys.FormerLocations(header, header.PreviousPostId).Prepend(InboxKeys.Location(header)).Distinct())
        {
            var response = await Inbox.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
            removed += response.Status == 404 ? 0 : 1;
        }

        if (removed > 0)
        {
            foreach (var post in new[] { header.PostId, header.PreviousPostId }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                await BumpMarkerAsync(post, cancellationToken);
            }
        }

        return removed;
    }

    /// <summary>
    /// Writes the row unconditionally: in the open partition together with the post's marker (one transaction, so a
    /// poll that sees the new marker sees the row); a history row, then the marker. The row's new ETag comes back.
    /// </summary>
    private async Task<ETag> WriteInboxRowAsync(InboxEntity row, CancellationToken cancellationToken)
    {
        var marker = new InboxMarkerEntity { PartitionKey = InboxKeys.MarkerPartition(row.PostId), Stamp = Guid.NewGuid().ToString("N") };
        if (row.PartitionKey == marker.PartitionKey)
        {
            var response = await Inbox.SubmitTransactionAsync(
                [new(TableTransactionActionType.UpsertReplace, row), new(TableTransactionActionType.UpsertReplace, marker)],
                cancellationToken);
            return response.Value[0].Headers.ETag ?? default;
        }

        var written = await Inbox.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        await Inbox.UpsertEntityAsync(marker, TableUpdateMode.Replace, cancellationToken);
        return written.Headers.ETag ?? default;
    }

    /// <summary>Removes a row the conversation left, unless a later revision wrote it (then that writer's state holds).</summary>
    private async Task<bool> DeleteOlderInboxRowAsync(string partitionKey, string rowKey, long revision, CancellationToken cancellationToken) =>
        await Inbox.GetAsync<InboxEntity>(partitionKey, rowKey, cancellationToken) is { } old && old.Revision < revision
        && await DeleteInboxRowAsync(partitionKey, rowKey, old.ETag, cancellationToken);

    /// <returns>Whether the row was removed.</returns>
    private async Task<bool> DeleteInboxRowAsync(string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        if (etag == default)
        {
            return false; // no ETag to make the removal conditional on: a newer writer's row must not go
        }

        try
        {
            await Inbox.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>An unconditional upsert: every write gives the marker a new ETag (and a new stamp).</summary>
    private async Task BumpMarkerAsync(string postId, CancellationToken cancellationToken) =>
        await Inbox.UpsertEntityAsync(
            new InboxMarkerEntity { PartitionKey = InboxKeys.MarkerPartition(postId), Stamp = Guid.NewGuid().ToString("N") },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>The row a header projects to (also how the benchmark seeds a history as the app would write it).</summary>
    internal static InboxEntity ToInbox(ThreadHeaderEntity header, string? contactName) => new()
    {
        PartitionKey = InboxKeys.Location(header).PartitionKey,
        RowKey = InboxKeys.Location(header).RowKey,
        ConversationId = header.PartitionKey,
        PostId = header.PostId,
        ClosedAt = header.ClosedAt,
        Channel = header.Channel,
        State = header.State,
        LastActivityAt = header.LastActivityAt,
        UnreadCount = header.UnreadCount,
        Preview = header.Preview,
        ContactName = contactName,
        Language = header.Language,
        RoutingStep = header.RoutingStep,
        RoutingReason = header.RoutingReason,
        RoutingWhy = header.RoutingWhy,
        LastInboundAt = header.LastInboundAt,
        LastOutboundAt = header.LastOutboundAt,
        AssignedTo = header.AssignedTo,
        AssignedToName = header.AssignedToName,
        Tags = header.Tags,
        Urgent = header.Urgent,
        Level = ConversationLevel.Name(ConversationLevel.Effective(header)),
        Revision = header.Revision,
        DueAt = header.DueAt,
        Target = header.Target,
        ShortRetention = header.State == ThreadStates.Closed && ConsularHelpdesk.Threads.ShortRetention.Applies(header),
        LegalHold = header.LegalHold,
    };
}
