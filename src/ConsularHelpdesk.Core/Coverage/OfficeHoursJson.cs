using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Coverage;

// The shape of Coverage/Data/office-hours.json. Every field is nullable so that a missing one is reported by the
// validation, naming the row, instead of failing inside the deserializer. A week maps a weekday ("monday") to its
// slots ("09:00-12:30"); a day not listed is closed.

internal sealed class OfficeHoursFile
{
    public string? Source { get; init; }
    public string? Status { get; init; }
    public Dictionary<string, List<string?>?>? DefaultWeek { get; init; }
    public List<CountryHoursRow?>? Countries { get; init; }
    public List<PostHoursRow?>? Posts { get; init; }
    public List<ClosureRow?>? Closures { get; init; }
}

internal sealed class CountryHoursRow
{
    public string? Country { get; init; }
    public string? Comment { get; init; }
    public Dictionary<string, List<string?>?>? Week { get; init; }
}

internal sealed class PostHoursRow
{
    public string? Post { get; init; }
    public string? Comment { get; init; }
    /// <summary>The zone the hours are written in, when not the post's own (a section working to a hub's clock).</summary>
    public string? TimeZone { get; init; }
    /// <summary>False for a post that works on the host country's public holidays (the central desk).</summary>
    public bool? PublicHolidays { get; init; }
    public Dictionary<string, List<string?>?>? Week { get; init; }
}

internal sealed class ClosureRow
{
    public string? Post { get; init; }
    public string? Date { get; init; }
    public string? Comment { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(OfficeHoursFile))]
internal sealed partial class OfficeHoursJsonContext : JsonSerializerContext;
