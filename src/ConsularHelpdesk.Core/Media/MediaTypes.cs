using System.Text;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Replies;

namespace ConsularHelpdesk.Media;

/// <summary>
/// What a citizen's file is, from its first bytes, and how large Meta lets it be. The declared type is no evidence
/// (an HTML page or an executable named photo.jpg must never reach an agent's browser): only where the bytes cannot
/// tell apart what a container holds (an Office file is a ZIP or an OLE compound file; plain text has no signature)
/// does the declared type choose among the types that container may be. Anything else is not allowed.
/// </summary>
internal static class MediaTypes
{
    /// <summary>How many leading bytes <see cref="Detect"/> reads at most (plain text is checked over all of them).</summary>
    public const int HeadLength = 512;

    public const long Megabyte = 1024 * 1024;

    /// <summary>Meta's limits per type (WhatsApp Cloud API "supported media types"): images 5 MB, audio and video 16 MB, documents 100 MB, stickers 500 KB.</summary>
    public const long ImageLimit = 5 * Megabyte;
    public const long AudioVideoLimit = 16 * Megabyte;
    public const long DocumentLimit = 100 * Megabyte;
    public const long StickerLimit = 500 * 1024;

    /// <summary>Messenger's limit for any attachment (25 MB).</summary>
    public const long MessengerLimit = 25 * Megabyte;

    private static readonly string[] OfficeOle = ["application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"];

    private static readonly string[] OfficeZip =
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ];

    /// <summary>The kinds of attachment whose bytes are downloaded (cards, templates, locations are not files).</summary>
    public static bool IsDownloadable(ChannelAttachment attachment) =>
        attachment.ContentKind is ContentKinds.Image or ContentKinds.Audio or ContentKinds.Video or ContentKinds.Document or ContentKinds.Sticker or ContentKinds.File
        && (attachment.MediaId is { Length: > 0 } || attachment.Url is { Length: > 0 });

    /// <returns>The content type the bytes are, or null when they are none of the allowed types.</returns>
    /// <param name="kind">The message's kind (a sticker must be WebP; an MP4 sent as audio is audio/mp4).</param>
    /// <param name="declared">What Meta declared: only chooses among the Office types of a container, and plain text.</param>
    public static string? Detect(ReadOnlySpan<byte> head, string kind, string? declared)
    {
        var type = Sniff(head, kind, Normalize(declared));
        return kind == ContentKinds.Sticker && type != "image/webp" ? null : type;
    }

    /// <summary>The most bytes a file of this type and kind may have on this channel.</summary>
    public static long Limit(string contentType, string kind, ChannelKind channel)
    {
        var limit = kind == ContentKinds.Sticker ? StickerLimit
            : contentType.StartsWith("image/", StringComparison.Ordinal) ? ImageLimit
            : contentType.StartsWith("audio/", StringComparison.Ordinal) || contentType.StartsWith("video/", StringComparison.Ordinal) ? AudioVideoLimit
            : DocumentLimit;
        return channel == ChannelKind.Messenger ? Math.Min(limit, MessengerLimit) : limit;
    }

    /// <summary>The most bytes any file of this kind may have, before its type is known (a declared size above it fails at once).</summary>
    /// <summary>The lower of the bytes' type's limit and the message kind's: a PDF sent as an "image" stops at an image's 5 MB.</summary>
    public static long EffectiveLimit(string contentType, string kind, ChannelKind channel) =>
        Math.Min(Limit(contentType, kind, channel), LimitOfKind(kind, channel));

    public static long LimitOfKind(string kind, ChannelKind channel)
    {
        var limit = kind switch
        {
            ContentKinds.Sticker => StickerLimit,
            ContentKinds.Image => ImageLimit,
            ContentKinds.Audio or ContentKinds.Video => AudioVideoLimit,
            _ => DocumentLimit,
        };
        return channel == ChannelKind.Messenger ? Math.Min(limit, MessengerLimit) : limit;
    }

    /// <summary>Shown in the page (inline image, player) rather than downloaded.</summary>
    public static bool IsInline(string contentType) =>
        contentType.StartsWith("image/", StringComparison.Ordinal) || contentType.StartsWith("audio/", StringComparison.Ordinal) || contentType.StartsWith("video/", StringComparison.Ordinal);

    /// <summary>The extension a downloaded document gets.</summary>
    public static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "application/msword" => ".doc",
        "application/vnd.ms-excel" => ".xls",
        "application/vnd.ms-powerpoint" => ".ppt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => ".pptx",
        "text/plain" => ".txt",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        "audio/ogg" => ".ogg",
        "audio/mp4" => ".m4a",
        "audio/mpeg" => ".mp3",
        "audio/aac" => ".aac",
        "audio/amr" => ".amr",
        "video/3gpp" => ".3gp",
        "video/mp4" => ".mp4",
        _ => ".bin",
    };

    private static string? Normalize(string? declared) =>
        declared?.Split(';')[0].Trim().ToLowerInvariant();

    private static string? Sniff(ReadOnlySpan<byte> head, string kind, string? declared)
    {
        // JPEG, PNG and PDF: the signatures of what agents send.
        if (FileSignature.Detect(head) is { } known)
        {
            return known.ContentType;
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            // Messenger's GIFs (and some stickers) come as image attachments: an image, never a document.
            return kind == ContentKinds.Image ? "image/gif" : null;
        }

        if (head.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (head.StartsWith("#!AMR"u8))
        {
            return "audio/amr";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(head[8..12]);
            return brand.StartsWith("3g", StringComparison.Ordinal) ? "video/3gpp"
                : brand is "M4A " or "M4B " || kind == ContentKinds.Audio ? "audio/mp4"
                : brand is "qt  " ? null
                : "video/mp4";
        }

        if (head.StartsWith("ID3"u8))
        {
            return "audio/mpeg";
        }

        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)
        {
            // A frame's sync word: layer bits 00 are AAC in ADTS, any other layer MPEG audio (MP3).
            return (head[1] & 0x06) == 0 ? "audio/aac" : "audio/mpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return OfficeOle.Contains(declared) ? declared : null;
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return OfficeZip.Contains(declared) ? declared : null;
        }

        return declared == "text/plain" && IsPlainText(head) ? "text/plain" : null;
    }

    /// <summary>UTF-8 (a character cut at the end allowed) without control characters other than tab, line and page breaks.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            decoder.GetCharCount(head, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
