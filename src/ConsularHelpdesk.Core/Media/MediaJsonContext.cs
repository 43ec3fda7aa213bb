using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Media;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MediaJob))]
[JsonSerializable(typeof(IReadOnlyList<MediaItem>))]
[JsonSerializable(typeof(WhatsAppMediaInfo))]
internal sealed partial class MediaJsonContext : JsonSerializerContext;
