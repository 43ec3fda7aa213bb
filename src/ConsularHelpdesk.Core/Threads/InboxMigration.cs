using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Moves the <c>Inbox</c> rows of the layout before issue 9 (<c>PartitionKey</c> = post id, <c>RowKey</c> = conversation
/// id, open and closed alike), which the lists no longer read, to where <see cref="InboxKeys"/> puts them. The header in
/// <c>Conversations</c> is the source of truth: each row is rewritten from it through the app's own projection
/// (<see cref="ThreadStore.UpdateInboxAsync"/>, which also bumps the post's marker), and the old row is deleted on its
/// ETag only after that, so a run stopped anywhere is finished by the next one, and a run with nothing left changes nothing.
/// </summary>
internal sealed class InboxMigration(StorageClients storage, ThreadStore threads, ConversationHeaders headers, ContactBook contacts)
{
    /// <summary>Re-reads of a header that changed under the run before its row is left for the next run.</summary>
    private const int MaxAttempts = 5;

    /// <summary>The scan needs the keys (and the ETag, which always comes): the header is read for the rest.</summary>
    private static readonly string[] KeysOnly = [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)];

    private enum Outcome
    {
        Moved,
        RemovedWithoutHeader,
        Left,
    }

    private TableClient Inbox => storage.Table(storage.Names.Inbox);

    /// <summary>
    /// The old rows, one page of the query at a time (<paramref name="batchSize"/> rows, never the whole table in memory),
    /// each moved or removed before the next page is read. <paramref name="dryRun"/> reads the same and writes nothing.
    /// </summary>
    public async IAsyncEnumerable<InboxMigrationBatch> MigrateAsync(int batchSize, bool dryRun, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!await InboxExistsAsync(cancellationToken))
        {
            yield break;
        }

        var number = 0;
        foreach (var filter in OldLayoutFilters())
        {
            // Continuation tokens are keys: deleting rows already read, or writing rows of other partitions, moves nothing under the scan.
            await foreach (var page in Inbox.QueryAsync<TableEntity>(filter, batchSize, KeysOnly, cancellationToken).AsPages())
            {
                if (page.Values.Count == 0)
                {
                    continue;
                }

                var outcomes = new List<Outcome>(page.Values.Count);
                foreach (var row in page.Values)
                {
                    outcomes.Add(await MigrateRowAsync(row, dryRun, cancellationToken));
                }

                yield return new InboxMigrationBatch(
                    ++number,
                    outcomes.Count(o => o == Outcome.Moved),
                    outcomes.Count(o => o == Outcome.RemovedWithoutHeader),
                    outcomes.Count(o => o == Outcome.Left));
            }
        }
    }

    /// <summary>How many old-layout rows the table holds (after a run: what is left of them), reading only their keys.</summary>
    public async Task<int> CountOldRowsAsync(CancellationToken cancellationToken)
    {
        if (!await InboxExistsAsync(cancellationToken))
        {
            return 0;
        }

        var count = 0;
        foreach (var filter in OldLayoutFilters())
        {
            await foreach (var page in Inbox.QueryAsync<TableEntity>(filter, 1000, KeysOnly, cancellationToken).AsPages())
            {
                count += page.Values.Count;
            }
        }

        return count;
    }

    /// <summary>
    /// The key ranges between the layout's prefixes (<see cref="InboxKeys.PartitionPrefixes"/>): every partition that is
    /// not the layout's own, whichever post it names, in the catalogue or no longer, and nothing of the new partitions.
    /// One query per range, not one filter joined by <c>or</c>, which Table Storage would answer by scanning the table.
    /// </summary>
    internal static IEnumerable<string> OldLayoutFilters()
    {
        string? lower = null;
        foreach (var prefix in InboxKeys.PartitionPrefixes.Order(StringComparer.Ordinal))
        {
            yield return lower is null
                ? TableClient.CreateQueryFilter($"PartitionKey lt {prefix}")
                : TableClient.CreateQueryFilter($"PartitionKey ge {lower} and PartitionKey lt {prefix}");
            // The first key after every key that starts with the prefix: its last character, one higher ("open-" → "open.").
            lower = prefix[..^1] + (char)(prefix[^1] + 1);
        }

        yield return lower is null ? string.Empty : TableClient.CreateQueryFilter($"PartitionKey ge {lower}");
    }

    private async Task<Outcome> MigrateRowAsync(TableEntity old, bool dryRun, CancellationToken cancellationToken)
    {
        // The old layout's row key is the conversation id; its partition, the post it was listed in.
        var conversationId = old.RowKey;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var header = await headers.GetAsync(conversationId, cancellationToken);
            if (header is null)
            {
                return dryRun || await DeleteAsync(old, cancellationToken) ? Outcome.RemovedWithoutHeader : Outcome.Left;
            }

            if (dryRun)
            {
                return Outcome.Moved;
            }

            var contact = await contacts.OfAsync(header, cancellationToken);
            if (header is { State: ThreadStates.Closed, ClosedAt: null })
            {
                // Closed before headers kept the close time: its history row is keyed by the last activity (what
                // InboxKeys.Location takes then), and the header must say so too, or a reopen would not find that row
                // to remove it. Saved as any changed header is (new revision, on its ETag), which writes the row.
                header.ClosedAt = header.LastActivityAt;
                if (!await threads.SaveHeaderAsync(header, old.PartitionKey, cancellationToken, contact))
                {
                    continue; // changed meanwhile: read it again
                }
            }
            else
            {
                await threads.UpdateInboxAsync(header, contact?.ShownName, old.PartitionKey, cancellationToken);
            }

            return await NewRowExistsAsync(conversationId, cancellationToken) && await DeleteAsync(old, cancellationToken) ? Outcome.Moved : Outcome.Left;
        }

        return Outcome.Left;
    }

    /// <summary>
    /// Whether the conversation has its row where its header (read again: a writer may have moved it meanwhile) puts
    /// it. Checked rather than trusted, since the projection gives up after its own attempts: the old row is the only
    /// copy until then.
    /// </summary>
    private async Task<bool> NewRowExistsAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (await headers.GetAsync(conversationId, cancellationToken) is not { } header)
        {
            return true; // gone meanwhile: nothing to list
        }

        var (partitionKey, rowKey) = InboxKeys.Location(header);
        return await Inbox.GetAsync<InboxEntity>(partitionKey, rowKey, cancellationToken) is not null;
    }

    /// <summary>On the ETag the scan read: a row rewritten since (by code of the old layout still running) stays for the next run.</summary>
    private async Task<bool> DeleteAsync(TableEntity old, CancellationToken cancellationToken)
    {
        try
        {
            await Inbox.DeleteEntityAsync(old.PartitionKey, old.RowKey, old.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return true; // another run got there first
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>A deployment that never started has no <c>Inbox</c> table, and so nothing to move; a dry run must not create it.</summary>
    private async Task<bool> InboxExistsAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.Tables.QueryAsync(t => t.Name == storage.Names.Inbox, cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }
}
