using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Gives the conversations opened before the contact index existed their <c>conv-</c> row (<see cref="ContactConversations"/>):
/// a one-off scan of the thread headers, a page at a time, for <c>migrate-storage</c> only — the app never scans them. Each
/// row is an <c>Add</c>, so a row already there (written by the app, or by an earlier run) is left as it is: a second run
/// writes nothing, and a run stopped anywhere is finished by the next.
/// </summary>
internal sealed class ContactIndexMigration(StorageClients storage, ContactConversations index)
{
    private static readonly string[] HeaderColumns =
        [nameof(ITableEntity.PartitionKey), nameof(ThreadHeaderEntity.ContactKey), nameof(ThreadHeaderEntity.Channel), nameof(ThreadHeaderEntity.PostId), nameof(ThreadHeaderEntity.CreatedAt)];

    private TableClient Conversations => storage.Table(storage.Names.Conversations);

    /// <summary>
    /// One page of headers (<paramref name="batchSize"/>) at a time: how many rows were added and how many were there
    /// already. <paramref name="dryRun"/> reads whether each row exists (a point read) and writes nothing.
    /// </summary>
    public async IAsyncEnumerable<(int Added, int Present)> BackfillAsync(int batchSize, bool dryRun, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!await ConversationsExistAsync(cancellationToken))
        {
            yield break;
        }

        var filter = TableClient.CreateQueryFilter($"RowKey eq {ThreadHeaderEntity.HeaderRowKey}");
        await foreach (var page in Conversations.QueryAsync<ThreadHeaderEntity>(filter, batchSize, HeaderColumns, cancellationToken).AsPages())
        {
            var (added, present) = (0, 0);
            foreach (var header in page.Values.Where(h => h.ContactKey.Length > 0))
            {
                var row = ContactConversations.Row(header.ContactKey, header.PartitionKey, header.PostId, header.Channel, header.CreatedAt);
                var missing = dryRun ? !await index.ExistsAsync(header.ContactKey, header.PartitionKey, cancellationToken) : await index.TryAddAsync(row, cancellationToken);
                (added, present) = missing ? (added + 1, present) : (added, present + 1);
            }

            yield return (added, present);
        }
    }

    /// <summary>A deployment that never started has no <c>Conversations</c> table; a dry run must not create it.</summary>
    private async Task<bool> ConversationsExistAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.Tables.QueryAsync(t => t.Name == storage.Names.Conversations, cancellationToken: cancellationToken))
        {
            return true;
        }

        return false;
    }
}
