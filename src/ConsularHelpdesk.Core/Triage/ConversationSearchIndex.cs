using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Writes the <c>SearchIndex</c> table: one row per search term of a conversation (each word of the contact's name,
/// each tag), PartitionKey = HMAC of the term (<see cref="StorageKeys.SearchKey"/>: no name in any key), RowKey =
/// <c>{postId}|{conversationId}</c>, holding the last activity (results are newest first). Upserts only: a row left by
/// an old tag or name is harmless, since every hit is checked against the conversation before it is shown.
/// </summary>
internal sealed class ConversationSearchIndex(StorageClients storage, StorageKeys keys, ConversationHeaders headers, ContactBook contacts)
{
    private TableClient Index => storage.Table(storage.Names.SearchIndex);

    private TableClient Conversations => storage.Table(storage.Names.Conversations);

    /// <summary>A word of a contact name, folded (case and accents) as the routing's text matching does.</summary>
    public static string NameTerm(string word) => SearchTerms.NameTerm(word);

    /// <summary>A whole tag, folded.</summary>
    public static string TagTerm(string tag) => SearchTerms.TagTerm(tag);

    public static string RowKey(string postId, string conversationId) => SearchTerms.IndexRowKey(postId, conversationId);

    public static IEnumerable<string> Terms(string? contactName, string? tags) => SearchTerms.Of(contactName, tags);

    /// <summary>
    /// Indexes the conversation as it is now (its header and contact), and removes its rows under
    /// <paramref name="previousPost"/> when it left that post.
    /// </summary>
    public async Task IndexAsync(string conversationId, string? previousPost, CancellationToken cancellationToken)
    {
        if (await headers.GetAsync(conversationId, cancellationToken) is not { } h)
        {
            return;
        }

        var name = (await contacts.OfAsync(h, cancellationToken))?.ShownName;
        await IndexAsync(conversationId, h.PostId, name, h.Tags, h.LastActivityAt, cancellationToken);
        if (previousPost is not null && previousPost != h.PostId)
        {
            var terms = Terms(name, h.Tags).Select(keys.SearchKey).ToList();
            await Task.WhenAll(terms.Select(term => DeleteAsync(term, RowKey(previousPost, conversationId), cancellationToken)));
        }
    }

    /// <summary>
    /// Indexes the conversation under <paramref name="postId"/> from what the caller knows: upserts only, no read. The
    /// rows are first recorded in the conversation's partition (<see cref="SearchTerms.RecordRowKey"/>, one transaction),
    /// so that a purge stopped anywhere, or one long after the name or tags changed, still finds each of them.
    /// </summary>
    public async Task IndexAsync(string conversationId, string postId, string? contactName, string? tags, DateTimeOffset lastActivityAt, CancellationToken cancellationToken)
    {
        var terms = Terms(contactName, tags).Select(keys.SearchKey).ToList();
        foreach (var batch in terms.Chunk(100))
        {
            await Conversations.SubmitTransactionAsync(
                batch.Select(term => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(conversationId, SearchTerms.RecordRowKey(term, postId)))),
                cancellationToken);
        }

        await Task.WhenAll(terms.Select(term => Index.UpsertEntityAsync(
            new TableEntity(term, RowKey(postId, conversationId)) { ["LastActivityAt"] = lastActivityAt },
            TableUpdateMode.Replace,
            cancellationToken)));
    }

    /// <summary>After a change that succeeded, indexes the conversation again (its tags may have changed).</summary>
    public async Task<TriageResult<T>> AfterAsync<T>(Task<TriageResult<T>> change, string conversationId, CancellationToken cancellationToken)
    {
        var result = await change;
        if (result.Status == TriageStatus.Ok)
        {
            await IndexAsync(conversationId, null, cancellationToken);
        }

        return result;
    }

    private async Task DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await Index.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Never there, or removed already: what a delete wants.
        }
    }
}
