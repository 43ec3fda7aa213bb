using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

/// <summary>Thread headers (<c>Conversations</c>, row <c>thread</c>): read by id, replaced on their ETag.</summary>
internal sealed class ConversationHeaders(StorageClients storage)
{
    private TableClient Conversations => storage.Table(storage.Names.Conversations);

    internal Task<ThreadHeaderEntity?> GetAsync(string conversationId, CancellationToken cancellationToken) =>
        Conversations.GetAsync<ThreadHeaderEntity>(conversationId, ThreadHeaderEntity.HeaderRowKey, cancellationToken);

    /// <summary>A header by an id from a request: one that cannot be a key (empty, or with characters keys refuse) is none.</summary>
    internal async Task<ThreadHeaderEntity?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(conversationId) || conversationId.IndexOfAny(['/', '\\', '#', '?', '\'']) >= 0
            ? null
            : await GetAsync(conversationId, cancellationToken);

    /// <summary>Replaces the header on its ETag (which it then carries anew); false, with nothing written, on a concurrent change.</summary>
    internal async Task<bool> TryReplaceAsync(ThreadHeaderEntity header, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Conversations.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, cancellationToken);
            header.ETag = response.Headers.ETag ?? header.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }
}
