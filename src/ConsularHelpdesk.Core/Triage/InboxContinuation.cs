using System.Buffers.Text;
using System.Text;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The list's <c>continuation</c>: opaque to the client (base64url), bound to the post and to the kind of list it
/// continues (an offset into the open rows, or Table Storage's own continuation in the history), so that a token
/// made up, altered or taken from another list is refused with a 400 before anything is read.
/// </summary>
internal static class InboxContinuation
{
    private const int MaxLength = 2048;

    public static string Write(string postId, bool closed, string position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Kind(closed)}|{postId}|{position}"));

    /// <param name="position">Null for the first page; else the offset (open views) or the storage token (history).</param>
    /// <returns>False when <paramref name="continuation"/> is not one this post's list of this kind gave.</returns>
    public static bool TryRead(string? continuation, string postId, bool closed, out string? position)
    {
        position = null;
        if (string.IsNullOrEmpty(continuation))
        {
            return true;
        }

        if (continuation.Length > MaxLength || !Base64Url.IsValid(continuation))
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

        if (text.Split('|', 3) is not [var kind, var post, { Length: > 0 } value] || kind != Kind(closed) || post != postId)
        {
            return false;
        }

        // The history's token is Table Storage's "next partition key, space, next row key"; the open views' an offset.
        var valid = closed
            ? value.Split(' ') is [{ Length: > 0 }, { Length: > 0 }] && !value.Any(char.IsControl)
            : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) && offset > 0;
        position = valid ? value : null;
        return valid;
    }

    private static string Kind(bool closed) => closed ? "h" : "o";
}
