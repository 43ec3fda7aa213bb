using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Coverage;

// The shape of Coverage/Data/hubs.json. Every field is nullable so that a missing one is reported by the validation,
// naming the row, instead of failing inside the deserializer.

internal sealed class RegionalHubsFile
{
    public string? Source { get; init; }
    public string? Status { get; init; }
    public List<RegionalHubRow?>? Hubs { get; init; }
}

internal sealed class RegionalHubRow
{
    public string? Id { get; init; }
    public string? NameNl { get; init; }
    public string? NameFr { get; init; }
    public string? NameDe { get; init; }
    public string? NameEn { get; init; }
    public string? TimeZone { get; init; }
    public List<string?>? Posts { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RegionalHubsFile))]
internal sealed partial class RegionalHubsJsonContext : JsonSerializerContext;
