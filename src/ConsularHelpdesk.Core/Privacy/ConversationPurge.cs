using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Privacy;

/// <summary>
/// Deletes one conversation wholly: every row and blob that holds it or points at it, found from the conversation's own
/// rows (its header and partition), never by reading another conversation's. Idempotent: a second call finds nothing
/// and deletes nothing. Resumable: a purge begins with a row in <c>Purges</c> and ends by removing it, the dependents go
/// first and the header last, so a purge stopped anywhere leaves that row and the header, from which the next call — the
/// caller's again, or the retention sweep's (<see cref="UnfinishedAsync"/>) — finds what is left. A conversation under legal hold is refused unless the caller
/// overrides it. Writes no personal data anywhere; the caller records the counts (retention, erasure).
/// </summary>
/// <remarks>
/// Not touched: the <c>Audit</c> (kept for accountability: it names our own ids, never a citizen's data), alerts in
/// <c>Notifications</c> (the bare id; the retention sweep deletes them by age), <c>PendingSends</c> (a row lasts until
/// its send ends; the stuck-reply sweep removes one whose message is gone), queue messages, broadcast recipients and the
/// contact itself (the citizen's, not the conversation's: erasure and the retention sweep decide on those).
/// </remarks>
internal sealed partial class ConversationPurge(
    StorageClients storage, StorageKeys keys, ConversationHeaders headers, ContactBook contacts, ContactConversations contactIndex, InboxProjection inbox,
    IDeadlineIndex deadlines, CrisisStore crises, CrisisConversations crisisRows, CrisisReplies crisisReplies, AreaActivity areaActivity, ConversationArea areas,
    TimeProvider time, ILogger<ConversationPurge> logger)
{
    private const int MaxAttempts = 20;

    /// <summary>Purges of the partition in a row: a message written while the first ran (it read the contact before it was
    /// cleared) is met by the next; after that no writer still points at the conversation.</summary>
    private const int MaxPasses = 3;

    /// <summary>A message row's key prefix (<see cref="MessageLog.RowKeyOf"/>).</summary>
    private const string MessageRowPrefix = "msg-";

    /// <summary>Columns of the partition read: what finds the dependents (message keys of ours, the days the citizen wrote).</summary>
    private static readonly string[] PartitionColumns =
        [nameof(ITableEntity.RowKey), nameof(MessageEntity.Direction), nameof(MessageEntity.ChannelMessageId), nameof(MessageEntity.SentAt)];

    /// <summary>The partition of <c>Purges</c> whose rows (RowKey = conversation id) are purges begun and not finished.</summary>
    internal const string JournalPartition = "purging";

    private TableClient Conversations => storage.Table(storage.Names.Conversations);

    private TableClient Journal => storage.Table(storage.Names.Purges);

    private TableClient MessageIndex => storage.Table(storage.Names.MessageIndex);

    private TableClient SearchIndex => storage.Table(storage.Names.SearchIndex);

    /// <inheritdoc cref="PurgeAsync(string, string, bool, CancellationToken)"/>
    public Task<PurgeResult> PurgeAsync(string conversationId, string reason, CancellationToken cancellationToken) =>
        PurgeAsync(conversationId, reason, overrideLegalHold: false, cancellationToken);

    /// <summary>Deletes the conversation and everything pointing at it; what went, counted per kind.</summary>
    /// <param name="reason">Why (a policy name, <c>erasure</c>): for the log, with the counts.</param>
    /// <param name="overrideLegalHold">Purge it even under legal hold (only a caller that decided so, with its own audit).</param>
    public Task<PurgeResult> PurgeAsync(string conversationId, string reason, bool overrideLegalHold, CancellationToken cancellationToken) =>
        PurgeAsync(conversationId, reason, overrideLegalHold, reasonFor: null, cancellationToken);

    /// <summary>
    /// The same, with the reason decided on the header read by <paramref name="reasonFor"/>: null skips it
    /// (<see cref="PurgeOutcome.Skipped"/>, nothing deleted).
    /// </summary>
    public async Task<PurgeResult> PurgeAsync(string conversationId, string reason, bool overrideLegalHold, Func<ThreadHeaderEntity, string?>? reasonFor, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var outcome = PurgeOutcome.NotFound;
        var begun = false;
        async Task<bool> BeginAsync(ThreadHeaderEntity header)
        {
            if (begun)
            {
                return true;
            }

            if (reasonFor is not null)
            {
                if (reasonFor(header) is not { } decided)
                {
                    return false;
                }

                reason = decided;
            }

            // Begun: whatever stops it from here on, the retention sweep finds this row and finishes it as it was begun.
            await Journal.UpsertEntityAsync(
                new TableEntity(JournalPartition, conversationId) { ["Reason"] = reason, ["OverrideLegalHold"] = overrideLegalHold, ["ContactKey"] = header.ContactKey, ["StartedAt"] = time.GetUtcNow() },
                TableUpdateMode.Replace,
                cancellationToken);
            return begun = true;
        }

        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var found = await PurgePassAsync(conversationId, overrideLegalHold, counts, BeginAsync, cancellationToken);
            if (found is PurgeOutcome.Held or PurgeOutcome.Skipped)
            {
                return new PurgeResult(found, counts);
            }

            if (found == PurgeOutcome.NotFound)
            {
                break;
            }

            outcome = PurgeOutcome.Purged;
        }

        // Finished (a second purge, or one of a conversation never written, ends here too: no such row, nothing changes).
        await Journal.DeleteEntityAsync(JournalPartition, conversationId, ETag.All, cancellationToken);
        return Done(outcome, counts, reason);
    }

    /// <summary>Purges begun and not finished (stopped by a crash or an outage), oldest id first, at most <paramref name="max"/>.</summary>
    public async Task<List<(string ConversationId, string Reason, bool OverrideLegalHold, string? ContactKey)>> UnfinishedAsync(int max, CancellationToken cancellationToken)
    {
        var found = new List<(string, string, bool, string?)>();
        await foreach (var page in Journal.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {JournalPartition}"), max, cancellationToken: cancellationToken).AsPages())
        {
            found.AddRange(page.Values.Select(r => (r.RowKey, r.GetString("Reason") ?? string.Empty, r.GetBoolean("OverrideLegalHold") == true, (string?)r.GetString("ContactKey"))));
            break;
        }

        return found;
    }

    /// <summary>One pass: the header and everything it and the partition point at; NotFound when there was no header.</summary>
    private async Task<PurgeOutcome> PurgePassAsync(
        string conversationId, bool overrideLegalHold, Dictionary<string, int> counts, Func<ThreadHeaderEntity, Task<bool>> begin, CancellationToken cancellationToken)
    {
        if (await headers.FindAsync(conversationId, cancellationToken) is not { } header)
        {
            // The header goes last: without it, what may be left is what a message wrote before its header (a large
            // body's raw JSON) or a row a late writer added after the header went: the partition and blobs, once more.
            var left = (await PartitionAsync(conversationId, cancellationToken)).Where(r => r.RowKey != ThreadHeaderEntity.HeaderRowKey).ToList();
            await DeleteRowsAsync(conversationId, left, cancellationToken);
            Add(counts, PurgeKinds.Messages, left.Count(r => r.RowKey.StartsWith(MessageRowPrefix, StringComparison.Ordinal)));
            await DeleteBlobsAsync(conversationId, counts, cancellationToken);
            return PurgeOutcome.NotFound;
        }

        if (header.LegalHold && !overrideLegalHold)
        {
            return PurgeOutcome.Held;
        }

        if (!await begin(header))
        {
            return PurgeOutcome.Skipped;
        }

        // First of all, the citizen's next message no longer goes to this conversation (it opens a new one): from here on
        // only a message already on its way can write here, and the next pass meets what it wrote.
        await ForgetOpenConversationAsync(header.ContactKey, conversationId, cancellationToken);
        var rows = await PartitionAsync(conversationId, cancellationToken);
        var channel = Enum.TryParse<ChannelKind>(header.Channel, out var parsed) ? parsed : (ChannelKind?)null;

        // What points at the conversation from elsewhere, each found from its own rows.
        if (channel is { } ours)
        {
            foreach (var message in rows.Where(r => r.Direction == Directions.Outbound && r.ChannelMessageId is { Length: > 0 }))
            {
                Add(counts, PurgeKinds.MessageIndex, await DeletePartitionAsync(MessageIndex, keys.MessageKey(ours, message.ChannelMessageId!), cancellationToken));
            }
        }

        Add(counts, PurgeKinds.SearchIndex, await DeleteSearchRowsAsync(header, rows, cancellationToken));
        if (header.DeadlineKey is { } deadline)
        {
            await deadlines.RemoveAsync(deadline, cancellationToken);
            Add(counts, PurgeKinds.Deadlines, 1);
        }

        foreach (var crisis in await CrisesOfAsync(header, rows, cancellationToken))
        {
            Add(counts, PurgeKinds.Crises, await crisisRows.RemoveAsync(crisis, conversationId, cancellationToken) ? 1 : 0);
            Add(counts, PurgeKinds.Crises, await crisisReplies.ForgetAsync(crisis, header.ContactKey, conversationId, cancellationToken) ? 1 : 0);
        }

        var days = rows.Where(r => r.Direction == Directions.Inbound && r.RowKey.StartsWith(MessageRowPrefix, StringComparison.Ordinal))
            .Select(r => DateOnly.FromDateTime(r.SentAt.UtcDateTime)).Distinct().ToList();
        foreach (var country in CountriesOf(header))
        {
            Add(counts, PurgeKinds.AreaActivity, await areaActivity.ForgetAsync(country, header.ContactKey, conversationId, days, cancellationToken));
        }

        await DeleteBlobsAsync(conversationId, counts, cancellationToken);
        Add(counts, PurgeKinds.Inbox, await inbox.RemoveAsync(header, cancellationToken));
        Add(counts, PurgeKinds.ContactIndex, await contactIndex.RemoveAsync(header.ContactKey, conversationId, cancellationToken) ? 1 : 0);

        // The conversation's own partition: messages, ref- and search- rows, then the header, last.
        var own = rows.Where(r => r.RowKey != ThreadHeaderEntity.HeaderRowKey).ToList();
        await DeleteRowsAsync(conversationId, own, cancellationToken);
        Add(counts, PurgeKinds.Messages, own.Count(r => r.RowKey.StartsWith(MessageRowPrefix, StringComparison.Ordinal)));
        await Conversations.DeleteEntityAsync(conversationId, ThreadHeaderEntity.HeaderRowKey, ETag.All, cancellationToken);
        Add(counts, PurgeKinds.Conversations, 1);
        return PurgeOutcome.Purged;
    }

    /// <summary>
    /// The crises that may hold the conversation: the one on its header, and every crisis open at some time between its
    /// first message and its last activity (a later crisis replaces the header's; the earlier one's rows stay). The
    /// crises' list is one partition of a few rows a year; the rows are looked for only in those.
    /// </summary>
    private async Task<IReadOnlyCollection<string>> CrisesOfAsync(ThreadHeaderEntity header, List<MessageEntity> rows, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (header.CrisisId is { } current)
        {
            ids.Add(current);
        }

        var messages = rows.Where(r => r.RowKey.StartsWith(MessageRowPrefix, StringComparison.Ordinal)).Select(r => r.SentAt).ToList();
        var first = messages.Count > 0 ? messages.Min() : header.CreatedAt;
        var last = new[] { header.LastActivityAt, header.CreatedAt, messages.Count > 0 ? messages.Max() : first }.Max();
        foreach (var crisis in await crises.ListAsync(cancellationToken))
        {
            if (crisis.OpenedAt <= last && (crisis.ClosedAt ?? DateTimeOffset.MaxValue) >= first)
            {
                ids.Add(crisis.Id);
            }
        }

        return ids;
    }

    /// <summary>Every country the conversation was placed in: where its routing places it now and each earlier routing (a transfer, a better place).</summary>
    private HashSet<string> CountriesOf(ThreadHeaderEntity header)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (post, place) in RoutingHistory.Read(header).Select(c => (c.PostId, c.Place)).Append((header.PostId, header.RoutingPlace)))
        {
            if (areas.Of(post, place) is { } area)
            {
                countries.Add(area.Country);
            }
        }

        return countries;
    }

    private PurgeResult Done(PurgeOutcome outcome, Dictionary<string, int> counts, string reason)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var summary = string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"));
            LogPurged(reason, outcome, summary);
        }

        return new PurgeResult(outcome, counts);
    }

    private static void Add(Dictionary<string, int> counts, string kind, int count) => counts[kind] = counts.GetValueOrDefault(kind) + count;

    /// <summary>Every row of the conversation's partition (header, messages, <c>ref-</c> and <c>search-</c> rows), a few columns: one query a 1,000 rows.</summary>
    private async Task<List<MessageEntity>> PartitionAsync(string conversationId, CancellationToken cancellationToken)
    {
        var rows = new List<MessageEntity>();
        await foreach (var row in Conversations.QueryAsync<MessageEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {conversationId}"), select: PartitionColumns, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The conversation's rows in <c>SearchIndex</c>: those its record rows name (every row ever written for it), and those
    /// of its current name and tags under its posts (rows indexed before records were kept). Deleting a missing row is no error.
    /// </summary>
    private async Task<int> DeleteSearchRowsAsync(ThreadHeaderEntity header, List<MessageEntity> rows, CancellationToken cancellationToken)
    {
        var id = header.PartitionKey;
        var targets = rows.Select(r => SearchTerms.Parse(r.RowKey)).OfType<(string TermKey, string PostId)>().ToHashSet();
        var name = (await contacts.OfAsync(header, cancellationToken))?.ProfileName;
        foreach (var term in SearchTerms.Of(name, header.Tags).Select(keys.SearchKey))
        {
            foreach (var post in new[] { header.PostId, header.PreviousPostId }.OfType<string>())
            {
                targets.Add((term, post));
            }
        }

        var removed = 0;
        foreach (var (term, post) in targets)
        {
            var response = await SearchIndex.DeleteEntityAsync(term, SearchTerms.IndexRowKey(post, id), ETag.All, cancellationToken);
            removed += response.Status == 404 ? 0 : 1;
        }

        return removed;
    }

    /// <summary>Every row of one partition (a message key's pointer and early statuses in <c>MessageIndex</c>): one query, a delete each.</summary>
    private static async Task<int> DeletePartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var removed = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            var response = await table.DeleteEntityAsync(partitionKey, row.RowKey, ETag.All, cancellationToken);
            removed += response.Status == 404 ? 0 : 1;
        }

        return removed;
    }

    /// <summary>The citizen's files, our attachments and raw JSON too large for a row: every blob under the conversation's prefix in each container.</summary>
    private async Task DeleteBlobsAsync(string conversationId, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        foreach (var (container, prefix, kind) in new[]
        {
            (storage.Names.MediaContainer, conversationId + "/", PurgeKinds.Media),
            (storage.Names.Attachments, conversationId + "/", PurgeKinds.Attachments),
            (storage.Names.PayloadContainer, $"raw/{conversationId}/", PurgeKinds.Payloads),
        })
        {
            var client = storage.Blobs.GetBlobContainerClient(container);
            var removed = 0;
            await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
            {
                var response = await client.DeleteBlobIfExistsAsync(blob.Name, Azure.Storage.Blobs.Models.DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
                removed += response.Value ? 1 : 0;
            }

            Add(counts, kind, removed);
        }
    }

    /// <summary>The contact no longer points at the conversation as its open one (else its next message would go to a conversation that is gone).</summary>
    private async Task ForgetOpenConversationAsync(string contactKey, string conversationId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await contacts.GetAsync(contactKey, cancellationToken) is not { } contact || contact.OpenConversationId != conversationId)
            {
                return;
            }

            contact.OpenConversationId = null;
            try
            {
                await contacts.SaveAsync(contact, isNew: false, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // A message of the citizen meanwhile: read again.
            }
        }

        // Going on would leave the contact pointing at a conversation that is gone (its next message would bring it back
        // under the same id): stop, and let the caller's next run try again.
        throw new InvalidOperationException("The contact kept changing while its open conversation was being purged; try again.");
    }

    /// <summary>The partition's rows but the header, in transactions of 100; a batch that meets a row gone meanwhile (another purge) goes row by row.</summary>
    private async Task DeleteRowsAsync(string conversationId, List<MessageEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var batch in rows.Chunk(100))
        {
            try
            {
                await Conversations.SubmitTransactionAsync(
                    batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(conversationId, r.RowKey), ETag.All)),
                    cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var row in batch)
                {
                    await Conversations.DeleteEntityAsync(conversationId, row.RowKey, ETag.All, cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged a conversation ({Reason}): {Outcome}; {Counts}")]
    private partial void LogPurged(string reason, PurgeOutcome outcome, string counts);
}
