using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Routing.Catalog;

// The shapes of the data files. Every field is nullable so that a missing one is reported by the validation,
// naming the row, instead of failing inside the deserializer.

internal sealed class PostsFile
{
    public string? Source { get; init; }
    public string? Status { get; init; }
    public List<PostRow?>? Posts { get; init; }
}

internal sealed class PostRow
{
    public string? Id { get; init; }
    /// <summary>The name of the post as written in the source document (traceability only).</summary>
    public string? SourceName { get; init; }
    public string? Kind { get; init; }
    public string? NameNl { get; init; }
    public string? NameFr { get; init; }

    public string? NameDe { get; init; }
    public string? NameEn { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? TimeZone { get; init; }
    public List<string?>? Languages { get; init; }
    public string? MessengerPageId { get; init; }
    public string? WhatsAppPhoneNumberId { get; init; }
    public bool? ConsularHelp { get; init; }
    public string? Note { get; init; }
}

internal sealed class CountriesFile
{
    public List<CountryRow?>? Countries { get; init; }
}

internal sealed class CountryRow
{
    public string? Alpha2 { get; init; }
    public Dictionary<string, List<string>>? Names { get; init; }
}

internal sealed class SubdivisionsFile
{
    public Dictionary<string, List<SubdivisionRow?>?>? Countries { get; init; }
}

internal sealed class SubdivisionRow
{
    public string? Code { get; init; }
    public string? Name { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(PostsFile))]
[JsonSerializable(typeof(CountriesFile))]
[JsonSerializable(typeof(SubdivisionsFile))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
