using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The rows of a crisis's own partition (<c>Crises</c> table, PartitionKey = the crisis id; docs/storage.md): a row per
/// tagged conversation, the counter rows the dashboard sums, the list's order index and the waiting index.
/// </summary>
internal static class CrisisKeys
{
    public const string ConversationPrefix = "c-";
    public const string CounterPrefix = "n-";
    public const string OrderPrefix = "o-";
    public const string WaitingPrefix = "w-";

    /// <summary>After the counter rows (post ids are lowercase): its presence says every conversation row is counted.</summary>
    public const string CountedMarker = "n-~";

    /// <summary>How many counter rows each post's conversations spread over (so that concurrent projections seldom meet on one ETag).</summary>
    public const int Shards = 8;

    private const string NoWait = "9999999999999999999";

    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public static string Conversation(string conversationId) => ConversationPrefix + conversationId;

    /// <summary>The counter row a conversation of the post counts on: one of the post's shards, by a hash of the conversation id.</summary>
    public static string Counter(string postId, string conversationId) =>
        $"{CounterPrefix}{postId}-{SHA256.HashData(Encoding.UTF8.GetBytes(conversationId))[0] % Shards:D2}";

    /// <summary>
    /// The list's order of a row, as a key: level first (critical, urgent, elevated, none), then waiting before answered
    /// before closed, the longest waiting first, then the newest activity, then the id. The same order for every post.
    /// </summary>
    public static string Order(CrisisConversation row) => string.Create(
        CultureInfo.InvariantCulture,
        $"{3 - LevelRank(row.Level)}{StateRank(row.State)}-{(row.WaitingSince is { } since ? since.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) : NoWait)}-{DateTimeOffset.MaxValue.UtcTicks - row.LastActivityAt.UtcTicks:D19}-{row.ConversationId}");

    /// <summary>The row of the post's order index: <c>o-{post}|{order}</c>.</summary>
    public static string OrderRow(string postId, string order) => $"{OrderPrefix}{postId}|{order}";

    /// <summary>The bounds of a post's order index (<c>|</c> and <c>}</c> follow each other).</summary>
    public static (string From, string To) OrderRange(string postId) => ($"{OrderPrefix}{postId}|", $"{OrderPrefix}{postId}}}");

    /// <summary>The row of the waiting index (the oldest first), only while the citizen waits.</summary>
    public static string? Waiting(CrisisConversation row) =>
        row.State == CrisisConversationStates.Waiting && row.WaitingSince is { } since
            ? string.Create(CultureInfo.InvariantCulture, $"{WaitingPrefix}{since.UtcTicks:D19}-{row.ConversationId}")
            : null;

    /// <summary>Whether a continuation token is an order key (what <see cref="Order"/> makes).</summary>
    public static bool IsOrder(string? order) =>
        order is { Length: > 43 and <= 110 } o && o[0] is >= '0' and <= '3' && o[1] is >= '0' and <= '2' && o[2] == '-' && o[22] == '-' && o[42] == '-'
        && o.AsSpan(3, 19).IndexOfAnyExceptInRange('0', '9') < 0 && o.AsSpan(23, 19).IndexOfAnyExceptInRange('0', '9') < 0
        && o.AsSpan(43).IndexOfAnyExcept(IdCharacters) < 0;

    public static int LevelRank(string level) => level switch
    {
        "critical" => 3,
        "urgent" => 2,
        "elevated" => 1,
        _ => 0,
    };

    private static int StateRank(string state) => state switch
    {
        CrisisConversationStates.Waiting => 0,
        CrisisConversationStates.Answered => 1,
        _ => 2,
    };
}
