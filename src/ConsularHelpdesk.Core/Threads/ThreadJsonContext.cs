using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Threads;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ChannelAttachment>))]
[JsonSerializable(typeof(IReadOnlyList<ChannelError>))]
[JsonSerializable(typeof(IReadOnlyList<QuickReply>))]
[JsonSerializable(typeof(IReadOnlyList<StoredDistressMatch>))]
[JsonSerializable(typeof(List<PendingBroadcast>))]
internal sealed partial class ThreadJsonContext : JsonSerializerContext;
