using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>A step of a broadcast's runner, as queued: the broadcast and the run number the step belongs to.</summary>
internal sealed record BroadcastJob(string BroadcastId, int Run);

/// <summary>The texts of a broadcast, per language.</summary>
internal sealed record BroadcastTexts(string Nl, string Fr, string De, string En)
{
    public string For(string language) => language switch
    {
        "nl" => Nl,
        "fr" => Fr,
        "de" => De,
        _ => En,
    };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(BroadcastJob))]
[JsonSerializable(typeof(BroadcastTexts))]
internal sealed partial class BroadcastJsonContext : JsonSerializerContext;
