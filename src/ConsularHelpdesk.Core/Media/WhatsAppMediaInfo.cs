using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Media;

/// <summary>WhatsApp's answer to <c>GET /{media-id}</c>: where to download the file (for 5 minutes), and what it is.</summary>
internal sealed record WhatsAppMediaInfo(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("mime_type")] string? MimeType,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("file_size")] long? FileSize);
