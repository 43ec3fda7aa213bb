using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>
/// The keys of the <c>Broadcasts</c> table (docs/storage.md): a broadcast's partition is its id and holds its header,
/// its counter shards and one row per recipient; a crisis's partition holds a pointer per broadcast, newest first.
/// </summary>
internal static class BroadcastKeys
{
    public const string Header = "header";
    public const string CounterPrefix = "count-";
    public const string RecipientPrefix = "r-";

    /// <summary>How many counter rows share the updates (so that concurrent updates seldom meet on one ETag).</summary>
    public const int Shards = 16;

    public static string NewId() => "b" + Guid.NewGuid().ToString("N")[..24];

    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdef");

    public static bool IsId(string? id) => id is { Length: 25 } && id[0] == 'b' && id.AsSpan(1).IndexOfAnyExcept(Hex) < 0;

    public static string CrisisPartition(string crisisId) => "crisis-" + crisisId;

    public static string Pointer(DateTimeOffset createdAt, string broadcastId) => $"{DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks:D19}-{broadcastId}";

    public static string Recipient(string contactKey) => RecipientPrefix + contactKey;

    public static string Counter(int shard) => $"{CounterPrefix}{shard:D2}";

    /// <summary>The counter row a recipient's changes go to: spread by a hash of its key.</summary>
    public static string CounterOf(string recipientRow) => Counter(SHA256.HashData(Encoding.UTF8.GetBytes(recipientRow))[0] % Shards);

    /// <summary>What a broadcast message carries (<c>MessageEntity.Broadcast</c>): <c>{broadcast id}|{recipient row}</c>.</summary>
    public static string Reference(string broadcastId, string recipientRow) => $"{broadcastId}|{recipientRow}";

    public static (string BroadcastId, string RecipientRow)? ParseReference(string? reference) =>
        reference?.Split('|') is [var id, var row] && IsId(id) && row.StartsWith(RecipientPrefix, StringComparison.Ordinal) ? (id, row) : null;
}
