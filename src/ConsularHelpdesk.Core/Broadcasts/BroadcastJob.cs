using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>
/// A step of a broadcast's runner, as queued: the broadcast and the run number the step belongs to; the first step also
/// says when the broadcast was made (<paramref name="Made"/>: it is queued before the header is written).
/// </summary>
internal sealed record BroadcastJob(string BroadcastId, int Run, DateTimeOffset? Made = null);

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
