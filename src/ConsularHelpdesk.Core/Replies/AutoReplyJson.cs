using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Replies;

// The shape of Replies/Data/auto-replies.json. Every field is nullable so that a missing one is reported by the
// validation, naming the row, instead of failing inside the deserializer. Texts map a key ("ack") to a text per language.

internal sealed class AutoReplyFile
{
    public string? About { get; init; }
    public string? Status { get; init; }
    public EmergencyRow? Central { get; init; }
    public Dictionary<string, Dictionary<string, string?>?>? Texts { get; init; }
    public List<AutoReplyPostRow?>? Posts { get; init; }
}

internal sealed class EmergencyRow
{
    public string? Emergency { get; init; }
    public string? Status { get; init; }
}

internal sealed class AutoReplyPostRow
{
    public string? Post { get; init; }
    public string? Emergency { get; init; }
    public string? Status { get; init; }
    public Dictionary<string, Dictionary<string, string?>?>? Texts { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AutoReplyFile))]
internal sealed partial class AutoReplyJsonContext : JsonSerializerContext;
