using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Azure;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// <c>coverage</c>: who covers a post at an instant (<c>--post P --at T</c>, one JSON object), or the gaps of the
/// roster (<c>--gaps --from T --days N</c>, one JSON object per gap), read from the storage the configuration names.
/// Prints agent ids and names of the roster only, nothing of citizens.
/// </summary>
internal static partial class CoverageCommand
{
    public static Command Create()
    {
        var post = new Option<string?>("--post") { Description = "The post whose cover to print (its id in posts.json)." };
        var at = new Option<string?>("--at") { Description = "The instant, ISO 8601 with an offset (2026-11-29T03:00+07:00); now when not given." };
        var gaps = new Option<bool>("--gaps") { Description = "Print the gaps of the roster: one JSON object per post and stretch closed with nobody covering it." };
        var from = new Option<string?>("--from") { Description = "With --gaps: the start of the window, ISO 8601 with an offset." };
        var days = new Option<int>("--days") { Description = $"With --gaps: the length of the window in days (1 to {CoverGaps.MaxWindow.TotalDays:0}).", DefaultValueFactory = _ => 7 };
        at.Validators.Add(result => Instant(result, "--at"));
        from.Validators.Add(result => Instant(result, "--from"));
        days.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (value < 1 || value > CoverGaps.MaxWindow.TotalDays))
            {
                result.AddError($"--days must be between 1 and {CoverGaps.MaxWindow.TotalDays:0}.");
            }
        });
        var command = new Command("coverage", "Print who covers a post at an instant (--post P --at T), or the roster's gaps (--gaps --from T --days N), as JSON.")
        {
            post, at, gaps, from, days,
        };
        command.Validators.Add(result =>
        {
            var wantsGaps = result.GetValue(gaps);
            if (wantsGaps == (result.GetValue(post) is not null))
            {
                result.AddError("Give either --post P (with --at T) or --gaps --from T --days N.");
            }
            else if (wantsGaps && result.GetValue(from) is null)
            {
                result.AddError("--gaps needs --from T.");
            }
        });
        var host = HostArguments.ForConfiguration();
        host.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            await using var app = HelpdeskServer.Build(host.Forward(result));
            var postId = result.GetValue(post);
            if (postId is not null && !app.Services.GetRequiredService<PostCatalog>().TryGet(postId, out _))
            {
                await error.WriteLineAsync($"No post has the id '{postId}' (see posts.json).");
                return 1;
            }

            var azurite = app.Services.GetServices<IHostedService>().OfType<AzuriteHost>().Single();
            await azurite.StartAsync(cancellationToken);
            try
            {
                await app.Services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
                // The closure days administrators stored count as they do for the running help desk (the app's
                // warm-up, which reads them, does not run for a command).
                await app.Services.GetRequiredService<OfficeHours>().RefreshAsync(cancellationToken);
                if (postId is not null)
                {
                    var instant = ParseInstant(result.GetValue(at)) ?? app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
                    await output.WriteLineAsync(await CoverAsync(app.Services, postId, instant, cancellationToken));
                    return 0;
                }

                var start = ParseInstant(result.GetValue(from))!.Value;
                foreach (var gap in await app.Services.GetRequiredService<CoverGaps>().FindAsync(start, start.AddDays(result.GetValue(days)), null, cancellationToken))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new GapOutput(gap.Post, gap.From, gap.To), CoverageJsonContext.Compact.GapOutput));
                }

                return 0;
            }
            catch (RequestFailedException e)
            {
                await error.WriteLineAsync($"Storage answered {e.Status} {e.ErrorCode}.");
                return 1;
            }
            finally
            {
                await azurite.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    internal static async Task<string> CoverAsync(IServiceProvider services, string postId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var hours = services.GetRequiredService<OfficeHours>();
        var cover = await services.GetRequiredService<DutyCover>().CoverAsync(postId, at, cancellationToken);
        var report = new CoverOutput(postId, at, hours.IsOpen(postId, at), hours.NextOpening(postId, at), [.. cover.Select(c => new CoverPersonOutput(c.AgentId, c.Name, c.Role))]);
        return JsonSerializer.Serialize(report, CoverageJsonContext.Compact.CoverOutput);
    }

    private static void Instant(OptionResult result, string name)
    {
        if (result.Tokens is [var token] && ParseInstant(token.Value) is null)
        {
            result.AddError($"{name} must be an instant in ISO 8601 with an offset, such as 2026-11-29T03:00+07:00 or 2026-11-28T20:00Z.");
        }
    }

    // An offset is required: a time without one would be read in this machine's zone, which is nobody's post.
    private static DateTimeOffset? ParseInstant(string? text) =>
        text is not null && WithOffset().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}

internal sealed record CoverPersonOutput(string AgentId, string Name, string Role);

internal sealed record CoverOutput(string Post, DateTimeOffset At, bool Open, DateTimeOffset? NextOpen, IReadOnlyList<CoverPersonOutput> Cover);

internal sealed record GapOutput(string Post, DateTimeOffset From, DateTimeOffset To);

/// <summary>One line per object, names as written (São Paulo, not S\u00E3o Paulo): people read this output. nextOpen is null when the post does not open within the search.</summary>
[JsonSerializable(typeof(CoverOutput))]
[JsonSerializable(typeof(GapOutput))]
internal sealed partial class CoverageJsonContext : JsonSerializerContext
{
    public static CoverageJsonContext Compact { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
