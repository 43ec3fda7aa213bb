using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Lists of conversations: one post's (<c>posts/{id}/conversations</c>) or a scope's across posts
/// (<see cref="PostScopes"/>). The ETag derives from the change markers of the posts listed and the query alone, so a
/// poll with nothing new costs one point read per post and answers NotModified. The open views read each post's open
/// partition (bounded; through <see cref="InboxSnapshots"/>); the closed view reads one page of history per post.
/// </summary>
internal sealed class ConversationLists(StorageClients storage, PostCatalog catalog, PostScopes scopes, InboxSnapshots snapshots)
{
    public const int PageSize = 50;

    /// <summary>
    /// A cross-post closed page reads at most this many storage pages per post: with a channel or language filter that
    /// few rows match, the page may come back short (with a continuation) rather than read a whole history.
    /// </summary>
    private const int MaxHistoryRounds = 4;

    private const string BadContinuation = "The continuation is not one this list gave; start again without it.";

    private static readonly string[] Views = ["open", "unassigned", "mine", "waitingForUs", "waitingForCitizen", "urgent", "closed"];

    private TableClient Inbox => storage.Table(storage.Names.Inbox);

    /// <summary>One page of a single post's list (the agent must serve the post).</summary>
    public async Task<TriageResult<ConversationPage>> ListAsync(
        Agent agent, string postId, string? view, string? channel, string? language, string? continuation, CancellationToken cancellationToken, string? ifNoneMatch = null)
    {
        if (!catalog.TryGet(postId, out _))
        {
            // Checked before any storage call: an id that is no post never reaches a key (a '#' or '?' would be a 400 from storage).
            return TriageResult<ConversationPage>.Fail(TriageStatus.NotFound, "No such post.");
        }

        if (!agent.CanAccess(postId))
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.Forbidden, "You do not serve this post.");
        }

        view ??= "open";
        if (!Views.Contains(view))
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.BadRequest, $"The view must be one of {string.Join(", ", Views)}.");
        }

        var closed = view == "closed";
        if (!InboxContinuation.TryRead(NullIfEmpty(continuation), postId, closed, out var position))
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.BadRequest, BadContinuation);
        }

        // Read before the list: a change written meanwhile bumps the marker after its row, so what we show is never older than it.
        var marker = await MarkerAsync(postId, cancellationToken);
        var etag = Hash($"{postId}|{marker}|{view}|{channel}|{language}|{continuation}|{(view == "mine" ? agent.Id : null)}");
        if (ifNoneMatch is not null && ifNoneMatch == etag)
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.NotModified, "Not modified.");
        }

        try
        {
            var (page, next) = closed
                ? await HistoryPageAsync(postId, channel, language, position, cancellationToken)
                : OpenPage(await OpenRowsAsync(postId, marker, cancellationToken), view, channel, language, agent, position is null ? 0 : int.Parse(position, CultureInfo.InvariantCulture),
                    offset => InboxContinuation.Write(postId, closed: false, offset.ToString(CultureInfo.InvariantCulture)));
            return TriageResult<ConversationPage>.Ok(new ConversationPage(page, next, etag));
        }
        catch (RequestFailedException e) when (e.Status == 400)
        {
            // Storage refused the continuation (well formed, but not one it gave): the client's mistake, not ours.
            return TriageResult<ConversationPage>.Fail(TriageStatus.BadRequest, BadContinuation);
        }
    }

    /// <summary>One page of a scope's list: every post of <paramref name="scope"/> merged, in the single post's order.</summary>
    public async Task<TriageResult<ConversationPage>> ListScopeAsync(
        Agent agent, string scope, string? view, string? channel, string? language, string? continuation, CancellationToken cancellationToken, string? ifNoneMatch = null)
    {
        if (!PostScopes.Names.Contains(scope))
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.BadRequest, $"The scope must be one of {string.Join(", ", PostScopes.Names)}.");
        }

        if (await scopes.PostsAsync(agent, scope, cancellationToken) is not { } posts)
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.Forbidden, $"Your role may not use the scope {scope}.");
        }

        view ??= "open";
        if (!Views.Contains(view))
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.BadRequest, $"The view must be one of {string.Join(", ", Views)}.");
        }

        continuation = NullIfEmpty(continuation);
        var closed = view == "closed";
        var offset = 0;
        Dictionary<string, string>? positions = null;
        if (closed ? !ScopeContinuation.TryReadHistory(continuation, scope, posts, out positions) : !ScopeContinuation.TryReadOpen(continuation, scope, out offset))
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.BadRequest, BadContinuation);
        }

        // One point read per post, in parallel; the posts are part of the tag, so a change of rights changes it too.
        var markers = await Task.WhenAll(posts.Select(p => MarkerAsync(p, cancellationToken)));
        var etag = Hash($"{scope}|{string.Join(';', posts.Zip(markers, (p, m) => $"{p}={m}"))}|{view}|{channel}|{language}|{continuation}|{(view == "mine" ? agent.Id : null)}");
        if (ifNoneMatch is not null && ifNoneMatch == etag)
        {
            return TriageResult<ConversationPage>.Fail(TriageStatus.NotModified, "Not modified.");
        }

        if (closed)
        {
            var (items, next) = await MergedHistoryPageAsync(scope, posts, channel, language, positions!, cancellationToken);
            return TriageResult<ConversationPage>.Ok(new ConversationPage(items, next, etag));
        }

        var rows = await Task.WhenAll(posts.Select((p, i) => OpenRowsAsync(p, markers[i], cancellationToken)));
        var (page, nextOpen) = OpenPage([.. rows.SelectMany(r => r)], view, channel, language, agent, offset, o => ScopeContinuation.WriteOpen(scope, o));
        return TriageResult<ConversationPage>.Ok(new ConversationPage(page, nextOpen, etag));
    }

    /// <summary>The post's marker version ("none" before the first change): what the ETag and the snapshot are keyed by.</summary>
    private async Task<string> MarkerAsync(string postId, CancellationToken cancellationToken)
    {
        var marker = await Inbox.GetEntityIfExistsAsync<InboxMarkerEntity>(InboxKeys.MarkerPartition(postId), InboxKeys.MarkerRowKey, cancellationToken: cancellationToken);
        return marker.HasValue ? marker.Value!.ETag + "|" + marker.Value.Stamp : "none";
    }

    /// <summary>The whole open partition (what people work on: bounded), from memory while the marker has not moved.</summary>
    private async Task<IReadOnlyList<InboxEntity>> OpenRowsAsync(string postId, string markerVersion, CancellationToken cancellationToken)
    {
        if (snapshots.Get(postId, markerVersion) is { } cached)
        {
            return cached;
        }

        var rows = new List<InboxEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InboxKeys.OpenPartition(postId)}");
        await foreach (var row in Inbox.QueryAsync<InboxEntity>(filter, cancellationToken: cancellationToken))
        {
            // The marker may live in the open partition (one partition, one transaction with the rows): it is no conversation.
            if (row.RowKey != InboxKeys.MarkerRowKey)
            {
                rows.Add(row);
            }
        }

        snapshots.Put(postId, markerVersion, rows);
        return rows;
    }

    /// <summary>Filtered and sorted here (critical, urgent, elevated, then urgent or late, near, waiting for us, newest), paged by position.</summary>
    private (List<ConversationSummary> Page, string? Next) OpenPage(
        IEnumerable<InboxEntity> rows, string view, string? channel, string? language, Agent agent, int offset, Func<int, string> next)
    {
        var shown = rows
            .Where(r => Matches(r, view, agent) && (channel is null || r.Channel == channel) && (language is null || r.Language == language))
            .OrderByDescending(r => LevelRank(r))
            .ThenByDescending(r => r.Urgent || r.Target == TargetStates.Breached)
            .ThenByDescending(r => TargetRank(r.Target))
            .ThenByDescending(r => WaitingForUs(r.LastInboundAt, r.LastOutboundAt))
            .ThenByDescending(r => r.LastActivityAt)
            .ThenBy(r => r.ConversationId, StringComparer.Ordinal) // ties in a fixed order, so that pages neither repeat nor skip
            .ToList();
        var page = shown.Skip(offset).Take(PageSize).Select(Summary).ToList();
        return (page, offset + PageSize < shown.Count ? next(offset + PageSize) : null);
    }

    /// <summary>One page of the history partition in key order (newest close first), from Table Storage's own continuation.</summary>
    private async Task<(List<ConversationSummary> Page, string? Next)> HistoryPageAsync(
        string postId, string? channel, string? language, string? position, CancellationToken cancellationToken)
    {
        await foreach (var page in Inbox.QueryAsync<InboxEntity>(HistoryFilter(postId, channel, language, null), maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages(position, PageSize))
        {
            return ([.. page.Values.Select(Summary)], page.ContinuationToken is { } token ? InboxContinuation.Write(postId, closed: true, token) : null);
        }

        return ([], null);
    }

    /// <summary>
    /// A k-way merge of the posts' history partitions: their row keys are inverted close ticks, so each is newest
    /// first and keys compare across posts. Each round reads one unfiltered page per post after its position and shows,
    /// filtered, the rows up to the lowest last key read of a post with more to read (beyond it another post's rows may
    /// still come first): exact, whatever the filter. At most <see cref="MaxHistoryRounds"/> rounds a request, so a
    /// filter that few rows match gives a short page and a continuation, never a read of whole histories.
    /// </summary>
    private async Task<(List<ConversationSummary> Page, string? Next)> MergedHistoryPageAsync(
        string scope, IReadOnlyList<string> posts, string? channel, string? language, Dictionary<string, string> positions, CancellationToken cancellationToken)
    {
        var next = new Dictionary<string, string>(positions, StringComparer.Ordinal);
        var page = new List<InboxEntity>();
        for (var round = 0; round < MaxHistoryRounds && page.Count < PageSize; round++)
        {
            var live = posts.Where(p => next.GetValueOrDefault(p) != ScopeContinuation.Exhausted).ToList();
            if (live.Count == 0)
            {
                break;
            }

            // One storage page per post, unfiltered: the last key read is then exactly how far that post was read.
            var reads = await Task.WhenAll(live.Select(p => HistoryRowsAsync(p, next.GetValueOrDefault(p), cancellationToken)));
            string? cut = null; // the lowest last key read of a post with more to read: beyond it the merge is not known yet
            foreach (var read in reads.Where(r => !r.Complete && r.Rows.Count > 0))
            {
                var last = read.Rows[^1].RowKey;
                cut = cut is null || string.CompareOrdinal(last, cut) < 0 ? last : cut;
            }

            var candidates = reads.SelectMany(r => r.Rows)
                .Where(r => cut is null || string.CompareOrdinal(r.RowKey, cut) <= 0)
                .Where(r => (channel is null || r.Channel == channel) && (language is null || r.Language == language))
                .OrderBy(r => r.RowKey, StringComparer.Ordinal)
                .ToList();
            var room = PageSize - page.Count;
            page.AddRange(candidates.Take(room));

            // Every row up to here was shown or filtered out: each post goes on after it (a complete post read to its end stops).
            var consumedTo = candidates.Count > room ? candidates[room - 1].RowKey : cut;
            foreach (var (post, read) in live.Zip(reads))
            {
                next[post] = consumedTo is null || (read.Complete && (read.Rows.Count == 0 || string.CompareOrdinal(read.Rows[^1].RowKey, consumedTo) <= 0))
                    ? ScopeContinuation.Exhausted
                    : consumedTo;
            }
        }

        var more = posts.Any(p => next.GetValueOrDefault(p) != ScopeContinuation.Exhausted);
        return ([.. page.Select(Summary)], more ? ScopeContinuation.WriteHistory(scope, next) : null);
    }

    /// <summary>One page (50) of a post's history after <paramref name="after"/>, unfiltered; Complete when the partition has no more.</summary>
    private async Task<(List<InboxEntity> Rows, bool Complete)> HistoryRowsAsync(string postId, string? after, CancellationToken cancellationToken)
    {
        await foreach (var page in Inbox.QueryAsync<InboxEntity>(HistoryFilter(postId, null, null, after), maxPerPage: PageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: PageSize))
        {
            return ([.. page.Values], page.ContinuationToken is null);
        }

        return ([], true);
    }

    private static string HistoryFilter(string postId, string? channel, string? language, string? after)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InboxKeys.HistoryPartition(postId)}");
        if (after is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (channel is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Channel eq {channel}");
        }

        if (language is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Language eq {language}");
        }

        return filter;
    }

    /// <summary>Which open rows a view shows (every row it is given is open).</summary>
    private static bool Matches(InboxEntity row, string view, Agent agent) => view switch
    {
        "unassigned" => row.AssignedTo is null,
        "mine" => row.AssignedTo == agent.Id,
        "waitingForUs" => WaitingForUs(row.LastInboundAt, row.LastOutboundAt),
        "waitingForCitizen" => !WaitingForUs(row.LastInboundAt, row.LastOutboundAt),
        "urgent" => row.Urgent,
        _ => true,
    };

    private static bool WaitingForUs(DateTimeOffset? lastInbound, DateTimeOffset? lastOutbound) =>
        lastInbound is { } inbound && (lastOutbound is null || inbound > lastOutbound);

    /// <summary>Critical, urgent, elevated, the rest (a row of before levels: urgent when flagged so).</summary>
    private static int LevelRank(InboxEntity row) =>
        Math.Max((int)(ConversationLevel.Parse(row.Level) ?? Distress.DistressLevel.None), row.Urgent ? (int)Distress.DistressLevel.Urgent : 0);

    /// <summary>Breached before near before the rest: what is late comes first.</summary>
    private static int TargetRank(string? target) => target switch
    {
        TargetStates.Breached => 2,
        TargetStates.Near => 1,
        _ => 0,
    };

    /// <summary>What a list shows of a conversation: its inbox row (which carries its post, shown in cross-post lists).</summary>
    public ConversationSummary Summary(InboxEntity r) => new(
        r.ConversationId, r.PostId, r.Channel, r.ContactName, r.Language, r.State, r.AssignedTo, r.AssignedToName, r.LastActivityAt, r.LastInboundAt,
        r.UnreadCount, r.Preview, WaitingForUs(r.LastInboundAt, r.LastOutboundAt) ? "us" : "citizen", r.Urgent, SplitTags(r.Tags), r.RoutingStep, r.RoutingReason)
    {
        RoutingReasons = Routing.RoutingReason.FromJson(r.RoutingWhy)?.Render(catalog),
        DueAt = r.DueAt,
        Target = r.Target,
        Level = ConversationLevel.Name((Distress.DistressLevel)LevelRank(r)),
        LegalHold = r.LegalHold,
    };

    private static string[] SplitTags(string? tags) =>
        tags is null ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Hash(string value) => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32] + "\"";
}
