namespace ConsularHelpdesk.Replies;

/// <summary>
/// What a file is, from its first bytes: the three types we send (JPEG, PNG, PDF). What the client declares (type,
/// name) is not evidence: an executable renamed to .pdf, or HTML or SVG with script, must never reach a citizen.
/// Hand-written on purpose: three fixed signatures need no package (no maintained content-sniffing library is on
/// the package feed).
/// </summary>
internal static class FileSignature
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs at most.</summary>
    public const int Length = 8;

    private static readonly (string ContentType, string Extension, byte[] Magic)[] Known =
    [
        ("image/jpeg", ".jpg", [0xFF, 0xD8, 0xFF]),
        ("image/png", ".png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        ("application/pdf", ".pdf", [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-']),
    ];

    /// <returns>The content type and the extension the stored name gets, or null when the bytes are none of ours.</returns>
    public static (string ContentType, string Extension)? Detect(ReadOnlySpan<byte> head)
    {
        foreach (var (contentType, extension, magic) in Known)
        {
            if (head.StartsWith(magic))
            {
                return (contentType, extension);
            }
        }

        return null;
    }

    /// <summary>How people call the type, for an error message.</summary>
    public static string Describe(string contentType) => contentType switch
    {
        "image/jpeg" => "a JPEG image",
        "image/png" => "a PNG image",
        _ => "a PDF document",
    };
}
