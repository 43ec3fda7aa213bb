using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Geo;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// <c>route</c>: the routing decision for one message, or for every case of a file (one JSON object per line),
/// printed as JSON, so that support staff can check a change of the jurisdiction map in bulk.
/// </summary>
internal static class RouteCommand
{
    public static Command Create()
    {
        var text = new Option<string?>("--text") { Description = "What the citizen wrote." };
        var lat = new Option<double?>("--lat") { Description = "Latitude of a shared location." };
        var lon = new Option<double?>("--lon") { Description = "Longitude of a shared location." };
        var phone = new Option<string?>("--phone") { Description = "The citizen's phone number (WhatsApp), with country code." };
        var channel = new Option<string?>("--channel") { Description = "whatsapp or messenger: the channel written to." };
        channel.AcceptOnlyFromAmong("whatsapp", "messenger");
        var recipient = new Option<string?>("--recipient") { Description = "The page id or WhatsApp phone number id written to." };
        var cases = new Option<FileInfo?>("--cases") { Description = "A file with one JSON object per line ({\"text\":…,\"lat\":…,\"lon\":…,\"phone\":…,\"channel\":…,\"recipient\":…}); prints one JSON line per case." };
        var command = new Command("route", "Print the routing decision as JSON: the post, and each step tried with its reason.")
        {
            text, lat, lon, phone, channel, recipient, cases,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var catalog = PostCatalog.LoadEmbedded();
            var router = new ConversationRouter(catalog, GeoLocator.LoadEmbedded(), PlaceRecognizer.LoadEmbedded());
            if (result.GetValue(cases) is { } file)
            {
                var failures = 0;
                var line = 0;
                await foreach (var json in File.ReadLinesAsync(file.FullName, cancellationToken))
                {
                    line++;
                    if (string.IsNullOrWhiteSpace(json))
                    {
                        continue;
                    }

                    RouteCase? routeCase;
                    try
                    {
                        routeCase = JsonSerializer.Deserialize(json, RouteJsonContext.Default.RouteCase);
                    }
                    catch (JsonException e)
                    {
                        await Console.Error.WriteLineAsync($"{file.Name}:{line}: not a JSON case ({e.Message})");
                        failures++;
                        continue;
                    }

                    await Console.Out.WriteLineAsync(Print(catalog, router, routeCase ?? new RouteCase(), indented: false));
                }

                return failures == 0 ? 0 : 1;
            }

            var single = new RouteCase(result.GetValue(text), result.GetValue(lat), result.GetValue(lon), result.GetValue(phone), result.GetValue(channel), result.GetValue(recipient));
            await Console.Out.WriteLineAsync(Print(catalog, router, single, indented: true));
            return 0;
        });
        return command;
    }

    internal static string Print(PostCatalog catalog, ConversationRouter router, RouteCase routeCase, bool indented)
    {
        var decision = router.Route(routeCase.ToInput());
        var post = catalog.Get(decision.PostId);
        var output = new RouteOutput(
            routeCase,
            new RoutePost(post.Id, post.NameNl, post.NameFr, post.NameEn, post.City, post.Country),
            decision.Step,
            decision.Reason,
            decision.Place?.ToString(),
            decision.Attempts.Select(a => new RouteStepOutput(a.Step, a.Decided, a.Reason, a.PostId, a.Place?.ToString())).ToList());
        return JsonSerializer.Serialize(output, indented ? RouteJsonContext.Indented.RouteOutput : RouteJsonContext.Compact.RouteOutput);
    }
}

internal sealed record RouteCase(string? Text = null, double? Lat = null, double? Lon = null, string? Phone = null, string? Channel = null, string? Recipient = null)
{
    public RoutingInput ToInput() => new(
        Channel?.ToLowerInvariant() switch { "whatsapp" => ChannelKind.WhatsApp, "messenger" => ChannelKind.Messenger, _ => null },
        Recipient,
        Text,
        Lat is { } latitude && Lon is { } longitude ? new GeoPoint(latitude, longitude) : null,
        Phone);
}

internal sealed record RoutePost(string Id, string NameNl, string NameFr, string NameEn, string City, string Country);

internal sealed record RouteStepOutput(RoutingStep Step, bool Decided, string Reason, string? PostId, string? Place);

internal sealed record RouteOutput(RouteCase Case, RoutePost Post, RoutingStep Step, string Reason, string? Place, IReadOnlyList<RouteStepOutput> Steps);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RouteCase))]
[JsonSerializable(typeof(RouteOutput))]
internal sealed partial class RouteJsonContext : JsonSerializerContext
{
    /// <summary>One line per case, names as written (São Paulo, not S\u00E3o Paulo): people read this output.</summary>
    public static RouteJsonContext Compact { get; } = new(CreateOptions(indented: false));

    public static RouteJsonContext Indented { get; } = new(CreateOptions(indented: true));

    private static JsonSerializerOptions CreateOptions(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
