namespace ConsularHelpdesk.Media;

/// <summary>
/// Where the download of one attachment of a citizen's message stands, kept on the message row (<c>Media</c>, a JSON
/// array, one item per downloadable attachment by its index). No item yet for a downloadable attachment means loading.
/// </summary>
/// <param name="Index">The attachment's position in the message's attachments.</param>
/// <param name="State"><see cref="MediaStates"/>.</param>
/// <param name="ContentType">What the bytes are (sniffed, never the declared type), once available.</param>
/// <param name="Size">Bytes stored, once available.</param>
/// <param name="Reason">Why it failed (<see cref="MediaReasons"/>), shown to agents in their language.</param>
/// <param name="Blob">The blob's name in the media container (<c>{conversation}/{hash}</c>), once available.</param>
/// <param name="Attempts">Attempts that failed for a passing reason (Meta unreachable, 429, 5xx); at the limit it fails.</param>
internal sealed record MediaItem(int Index, string State, string? ContentType = null, long? Size = null, string? Reason = null, string? Blob = null, int Attempts = 0);

/// <summary>The states an agent sees.</summary>
internal static class MediaStates
{
    public const string Loading = "loading";
    public const string Available = "available";
    public const string Failed = "failed";

    public static bool IsFinal(string state) => state is Available or Failed;
}

/// <summary>Why a download failed, as codes (the page says each in the agent's language).</summary>
internal static class MediaReasons
{
    /// <summary>The bytes are none of the allowed types (whatever was declared): "not downloaded: type not allowed".</summary>
    public const string TypeNotAllowed = "typeNotAllowed";

    /// <summary>Larger than Meta's limit for its type.</summary>
    public const string TooLarge = "tooLarge";

    /// <summary>The bytes' SHA-256 differs from the one Meta gave.</summary>
    public const string ChecksumMismatch = "checksumMismatch";

    /// <summary>The bytes' count differs from the size Meta gave.</summary>
    public const string SizeMismatch = "sizeMismatch";

    /// <summary>Meta no longer serves it (an expired Messenger link, a media id WhatsApp forgot).</summary>
    public const string Expired = "expired";

    /// <summary>The address is not one of Meta's (never fetched: no request leaves for another host).</summary>
    public const string UnsafeAddress = "unsafeAddress";

    /// <summary>Meta refused or stayed unreachable through every attempt.</summary>
    public const string Unavailable = "unavailable";
}
