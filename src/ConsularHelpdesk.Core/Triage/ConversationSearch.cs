using System.Text.RegularExpressions;
using Azure.Data.Tables;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Finds conversations of the agent's posts, open and closed: by conversation id (a point read of its header), or by
/// whole words of the contact's name (every word given must be one of the name's) or a whole tag, through
/// <see cref="ConversationSearchIndex"/>. Every hit is checked against the conversation (its post now, its name and
/// tags) before it is shown, so the index can never show a conversation of a post the agent does not serve.
/// </summary>
internal sealed partial class ConversationSearch(StorageClients storage, StorageKeys keys, PostScopes scopes, ConversationLists lists, ConversationSearchIndex index, ConversationHeaders headers)
{
    public const int MaxResults = 20;

    public const int MaxQueryLength = 200;

    /// <summary>The most index rows read per term, and headers read per search: a search stays bounded however common a name.</summary>
    private const int MaxRowsPerTerm = 1_000;

    private const int MaxHeaders = 3 * MaxResults;

    private TableClient Index => storage.Table(storage.Names.SearchIndex);

    private TableClient Inbox => storage.Table(storage.Names.Inbox);

    public async Task<TriageResult<SearchResults>> SearchAsync(Agent agent, string? query, string? scope, CancellationToken cancellationToken)
    {
        query = query?.Trim();
        if (string.IsNullOrEmpty(query) || query.Length > MaxQueryLength)
        {
            return TriageResult<SearchResults>.Fail(TriageStatus.BadRequest, $"Search for a name, a tag or a conversation id (q, 1 to {MaxQueryLength} characters).");
        }

        scope = string.IsNullOrEmpty(scope) ? "mine" : scope;
        if (!PostScopes.Names.Contains(scope))
        {
            return TriageResult<SearchResults>.Fail(TriageStatus.BadRequest, $"The scope must be one of {string.Join(", ", PostScopes.Names)}.");
        }

        if (await scopes.PostsAsync(agent, scope, cancellationToken) is not { } posts)
        {
            return TriageResult<SearchResults>.Fail(TriageStatus.Forbidden, $"Your role may not use the scope {scope}.");
        }

        var inScope = posts.ToHashSet(StringComparer.Ordinal);
        if (ConversationId().IsMatch(query))
        {
            var hit = await ShowAsync(query, null, inScope, _ => true, cancellationToken);
            return TriageResult<SearchResults>.Ok(new SearchResults(hit is null ? [] : [hit]));
        }

        var words = TextNormalizer.Tokenize(query).Select(t => t.Norm).Distinct(StringComparer.Ordinal).Take(8).ToList();
        if (words.Count == 0)
        {
            return TriageResult<SearchResults>.Fail(TriageStatus.BadRequest, "Search for at least one word of a name, a tag or a conversation id.");
        }

        // A conversation that routing moves is indexed again under its new post by the message that moved it (SearchIndexer).
        var everyPost = agent.Role == AgentRole.Admin || agent.Posts.Contains(Agent.AllPosts);
        var candidatePosts = everyPost ? null : inScope;
        var byName = await Task.WhenAll(words.Select(w => RowsAsync(ConversationSearchIndex.NameTerm(w), candidatePosts, cancellationToken)));
        var nameHits = byName.Skip(1).Aggregate(
            byName[0],
            (all, next) => [.. all.Where(a => next.Any(n => n.ConversationId == a.ConversationId))]);
        var tag = TextNormalizer.Key(query);
        var tagHits = await RowsAsync(ConversationSearchIndex.TagTerm(query), candidatePosts, cancellationToken);
        var candidates = nameHits.Concat(tagHits)
            .GroupBy(h => h.ConversationId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(h => h.LastActivityAt)!)
            .OrderByDescending(h => h.LastActivityAt)
            .Take(MaxHeaders)
            .ToList();

        bool Matches(string? contactName, IReadOnlyList<string> tags) =>
            words.All(TextNormalizer.Tokenize(contactName ?? string.Empty).Select(t => t.Norm).Contains) || tags.Any(t => TextNormalizer.Key(t) == tag);

        var found = new List<ConversationSummary>();
        foreach (var batch in candidates.Chunk(MaxResults))
        {
            var shown = await Task.WhenAll(batch.Select(c => ShowAsync(c.ConversationId, c.PostId, inScope, s => Matches(s.ContactName, s.Tags), cancellationToken)));
            found.AddRange(shown.OfType<ConversationSummary>());
            if (found.Count >= MaxResults)
            {
                break;
            }
        }

        // The most pressing first (critical, urgent, elevated), then newest, as the lists order them.
        return TriageResult<SearchResults>.Ok(new SearchResults([.. found
            .OrderByDescending(s => ConversationLevel.Parse(s.Level) ?? Distress.DistressLevel.None)
            .ThenByDescending(s => s.LastActivityAt)
            .Take(MaxResults)]));
    }

    /// <summary>The conversation as a list shows it, when it exists, is in a post of the scope now and still matches.</summary>
    private async Task<ConversationSummary?> ShowAsync(
        string conversationId, string? indexedPost, HashSet<string> inScope, Func<ConversationSummary, bool> matches, CancellationToken cancellationToken)
    {
        if (await headers.GetAsync(conversationId, cancellationToken) is not { } header || !inScope.Contains(header.PostId))
        {
            return null;
        }

        if (indexedPost is not null && indexedPost != header.PostId)
        {
            // Routing moved it since it was indexed: index it where it is now, once.
            await index.IndexAsync(conversationId, indexedPost, cancellationToken);
        }

        var (partitionKey, rowKey) = InboxKeys.Location(header);
        var row = await Inbox.GetEntityIfExistsAsync<InboxEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } inboxRow)
        {
            return null; // not in the inbox (yet): the lists do not show it either
        }

        var summary = lists.Summary(inboxRow);
        return matches(summary) ? summary : null;
    }

    /// <summary>The index rows of a term, restricted to <paramref name="posts"/> (null: every post).</summary>
    private async Task<List<(string ConversationId, string PostId, DateTimeOffset LastActivityAt)>> RowsAsync(
        string term, HashSet<string>? posts, CancellationToken cancellationToken)
    {
        var partition = keys.SearchKey(term);
        if (posts is null)
        {
            return await RangeAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken);
        }

        // One range query per post, in parallel: Azure Table Storage takes at most 15 comparisons in a filter, so one
        // filter OR-ing the posts would fail for an agent of seven posts; and each range reads only that post's rows.
        // ('}' follows '|': each range holds exactly one post's rows.)
        var perPost = await Task.WhenAll(posts.Order(StringComparer.Ordinal).Select(p => RangeAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {p + "|"} and RowKey lt {p + "}"}"), cancellationToken)));
        return [.. perPost.SelectMany(r => r)];
    }

    private async Task<List<(string ConversationId, string PostId, DateTimeOffset LastActivityAt)>> RangeAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string, DateTimeOffset)>();
        await foreach (var row in Index.QueryAsync<TableEntity>(filter, select: ["RowKey", "LastActivityAt"], cancellationToken: cancellationToken))
        {
            if (row.RowKey.Split('|') is [var post, var conversation])
            {
                rows.Add((conversation, post, row.GetDateTimeOffset("LastActivityAt") ?? DateTimeOffset.MinValue));
            }

            if (rows.Count >= MaxRowsPerTerm)
            {
                break;
            }
        }

        return rows;
    }

    [GeneratedRegex("^c[0-9a-f]{24}$")]
    private static partial Regex ConversationId();
}
