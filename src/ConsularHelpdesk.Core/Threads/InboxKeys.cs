namespace ConsularHelpdesk.Threads;

/// <summary>
/// Where a conversation's row lives in the <c>Inbox</c> table: open work apart from history, so that a poll of the
/// open views reads a bounded partition and the closed view pages newest-first without reading what it does not show.
/// </summary>
internal static class InboxKeys
{
    /// <summary>
    /// The marker's row key, in the post's open partition: <c>~</c> sorts after every conversation id (<c>c</c> + hex),
    /// so the marker can share a transaction with an open row; every reader of the open partition skips it.
    /// </summary>
    public const string MarkerRowKey = "~marker";

    private const string OpenPrefix = "open-";
    private const string HistoryPrefix = "closed-";

    /// <summary>The partitions of the change markers of issue 9's first increment: no longer written, never taken for old data.</summary>
    private const string MarkerPrefix = "marker-";

    /// <summary>
    /// Every partition prefix this layout writes, in one place: a partition without one of them is a row of the layout
    /// before issue 9 (<c>PartitionKey</c> = post id), which <see cref="InboxMigration"/> moves. A new kind of
    /// partition adds its prefix here, or the migration would take its rows for old data.
    /// </summary>
    public static IReadOnlyList<string> PartitionPrefixes { get; } = [OpenPrefix, HistoryPrefix, MarkerPrefix];

    /// <summary>The post's open conversations (read whole: what people are working on); row key = conversation id.</summary>
    public static string OpenPartition(string postId) => $"{OpenPrefix}{postId}";

    /// <summary>The post's closed conversations; row key = <see cref="HistoryRowKey"/>, so key order is newest close first.</summary>
    public static string HistoryPartition(string postId) => $"{HistoryPrefix}{postId}";

    /// <summary>The post's change marker (<see cref="MarkerRowKey"/>): rewritten with every change of the post's rows, so a poll reads only it.</summary>
    public static string MarkerPartition(string postId) => OpenPartition(postId);

    /// <summary>Inverted close ticks first (key order = newest first), then the id (unique, and tells the conversation).</summary>
    public static string HistoryRowKey(DateTimeOffset closedAt, string conversationId) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - closedAt.UtcTicks:D19}-{conversationId}";

    /// <summary>Where the header's state puts its row.</summary>
    public static (string PartitionKey, string RowKey) Location(ThreadHeaderEntity header) =>
        header.State == ThreadStates.Closed
            ? (HistoryPartition(header.PostId), HistoryRowKey(header.ClosedAt ?? header.LastActivityAt, header.PartitionKey))
            : (OpenPartition(header.PostId), header.PartitionKey);

    /// <summary>
    /// Where the conversation's row may have been before this state of the header: its other state's row in this post
    /// (the history row of its last close, if it ever closed), and both rows in the post it left.
    /// </summary>
    public static IEnumerable<(string PartitionKey, string RowKey)> FormerLocations(ThreadHeaderEntity header, string? previousPost)
    {
        var id = header.PartitionKey;
        var posts = previousPost is not null && previousPost != header.PostId ? new[] { header.PostId, previousPost } : [header.PostId];
        var here = Location(header);
        foreach (var post in posts)
        {
            (string, string)[] candidates = header.ClosedAt is { } closedAt
                ? [(OpenPartition(post), id), (HistoryPartition(post), HistoryRowKey(closedAt, id))]
                : [(OpenPartition(post), id)];
            foreach (var candidate in candidates.Where(c => c != here))
            {
                yield return candidate;
            }
        }
    }
}
