using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// A webhook body as queued: the raw bytes exactly as Meta sent them (base64, so that even a body that is not
/// UTF-8 survives), or the name of the claim-check blob that holds them.
/// </summary>
internal sealed record InboundEnvelope(
    ChannelKind Channel,
    DateTimeOffset ReceivedAt,
    string? Body,
    string? BlobName);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InboundEnvelope))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
