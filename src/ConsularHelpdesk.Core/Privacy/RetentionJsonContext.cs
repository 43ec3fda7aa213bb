using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Privacy;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RetentionAuditDetails))]
internal sealed partial class RetentionJsonContext : JsonSerializerContext;
