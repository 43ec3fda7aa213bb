using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Distress;

/// <summary>How much a conversation needs someone now: from what the citizen wrote (distress detection) or set by an agent.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DistressLevel>))]
internal enum DistressLevel
{
    /// <summary>An ordinary consular question.</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    /// <summary>Worth a look soon (a stolen passport with a way home, a crisis area): shown above ordinary conversations.</summary>
    [JsonStringEnumMemberName("elevated")]
    Elevated = 1,

    /// <summary>A citizen in trouble (hospital, arrest, stranded with no way home): the urgent response target.</summary>
    [JsonStringEnumMemberName("urgent")]
    Urgent = 2,

    /// <summary>Life or liberty at stake now (kidnapping, rape, suicide, a child in danger): the urgent target, first of all.</summary>
    [JsonStringEnumMemberName("critical")]
    Critical = 3,
}
