using System.Buffers.Text;
using System.Text;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The continuation of a cross-post list: opaque to the client (base64url), bound to the scope and the kind of list.
/// Open views: an offset into the merged open rows. History: for each post read so far, the row key of the last row
/// shown ("-" once the post has nothing more), so the next page reads each post after it. One made up, altered or
/// taken from another list is refused (400) before anything is read.
/// </summary>
internal static class ScopeContinuation
{
    private const int MaxLength = 16_384;

    public const string Exhausted = "-";

    public static string WriteOpen(string scope, int offset) =>
        Encode($"o|{scope}|{offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public static string WriteHistory(string scope, IReadOnlyDictionary<string, string> positions) =>
        Encode($"h|{scope}|{string.Join(';', positions.Select(p => $"{p.Key}:{p.Value}"))}");

    /// <returns>False when <paramref name="continuation"/> is not one this scope's open list gave.</returns>
    public static bool TryReadOpen(string? continuation, string scope, out int offset)
    {
        offset = 0;
        return continuation is null || (TryDecode(continuation, "o", scope, out var value)
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) && offset > 0);
    }

    /// <returns>False when <paramref name="continuation"/> is not one this scope's history gave, or names a post outside it.</returns>
    public static bool TryReadHistory(string? continuation, string scope, IReadOnlyCollection<string> posts, out Dictionary<string, string> positions)
    {
        positions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (continuation is null)
        {
            return true;
        }

        if (!TryDecode(continuation, "h", scope, out var value))
        {
            return false;
        }

        foreach (var part in value.Split(';'))
        {
            if (part.Split(':') is not [{ Length: > 0 } post, { Length: > 0 } position] || !posts.Contains(post) || !positions.TryAdd(post, position)
                || (position != Exhausted && !IsHistoryRowKey(position)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What <see cref="Threads.InboxKeys.HistoryRowKey"/> makes: 19 digits, a dash, a conversation id.</summary>
    private static bool IsHistoryRowKey(string key) =>
        key.Length > 20 && key[19] == '-' && key.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0 && key.AsSpan(20).ContainsOnlyAsciiLettersOrDigits();

    private static bool ContainsOnlyAsciiLettersOrDigits(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static bool TryDecode(string continuation, string kind, string scope, out string value)
    {
        value = string.Empty;
        if (continuation.Length == 0 || continuation.Length > MaxLength || !Base64Url.IsValid(continuation))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(continuation));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }

        if (text.Split('|', 3) is not [var k, var s, { Length: > 0 } rest] || k != kind || s != scope || rest.Any(char.IsControl))
        {
            return false;
        }

        value = rest;
        return true;
    }
}
