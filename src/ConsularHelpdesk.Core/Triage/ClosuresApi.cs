using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>A closure day as the API shows it: stored (editable) or from the office-hours data file (read-only).</summary>
internal sealed record ClosureDayView(DateOnly Date, string Source, string? Note, string? ChangedBy, DateTimeOffset? ChangedAt);

internal sealed record ClosureYearView(string Post, int Year, IReadOnlyList<ClosureDayView> Closures);

internal sealed record ClosureRequest(string? Note);

internal sealed record ClosureImportView(string Post, DateOnly From, DateOnly To, int Imported, IReadOnlyList<DateOnly> Dates);

/// <summary>
/// <c>/api/triage/admin/closures</c>: the closure days of a post, which administrators (every post) and supervisors
/// (their posts) list by year, set, remove and import from iCalendar. Every change is audited and applies on this
/// instance at once, on the others within <see cref="StoredClosures.CheckEvery"/>.
/// </summary>
internal static class ClosuresApi
{
    /// <summary>Source of a date an administrator stored (and may remove).</summary>
    public const string Stored = "stored";

    /// <summary>Source of a date in the office-hours data file (changed by a release, not here).</summary>
    public const string DataFile = "data";

    private const int MaxYears = 5;

    public static async Task<IResult> ListAsync(HttpContext context, Agent agent)
    {
        var query = context.Request.Query;
        if (Refuse(context, agent, query["post"].ToString()) is { } refused)
        {
            return refused;
        }

        if (!int.TryParse(query["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            return TypedResults.Problem("'year' must be a year from 2000 to 2100.", statusCode: StatusCodes.Status400BadRequest);
        }

        var post = query["post"].ToString();
        var services = context.RequestServices;
        var stored = await services.GetRequiredService<ClosureStore>().ListAsync(post, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), context.RequestAborted);
        var fromFile = services.GetRequiredService<OfficeHoursCalendar>().For(post).Closures
            .Where(d => d.Year == year && !stored.Any(s => s.Date == d))
            .Select(d => new ClosureDayView(d, DataFile, null, null, null));
        var days = stored.Select(s => new ClosureDayView(s.Date, Stored, s.Note, s.ChangedBy, s.ChangedAt)).Concat(fromFile).OrderBy(d => d.Date).ToList();
        return TypedResults.Json(new ClosureYearView(post, year, days), ClosuresJsonContext.Default.ClosureYearView);
    }

    public static async Task<IResult> PutAsync(HttpContext context, Agent agent, string post, string dateText)
    {
        if ((Refuse(context, agent, post) ?? RefuseChange(context.Request, "application/json", InputLimits.JsonBodyBytes)) is { } refused)
        {
            return refused;
        }

        if (Date(dateText) is not { } date)
        {
            return BadDate(dateText);
        }

        ClosureRequest? body;
        try
        {
            body = context.Request.ContentLength == 0 ? null : await context.Request.ReadFromJsonAsync(ClosuresJsonContext.Default.ClosureRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The JSON body is not valid: send {\"note\": \"…\"}.", statusCode: StatusCodes.Status400BadRequest);
        }

        var note = string.IsNullOrWhiteSpace(body?.Note) ? null : body.Note.Trim();
        if (note?.Length > ClosureStore.MaxNote || (note is not null && note.Any(char.IsControl)))
        {
            return TypedResults.Problem($"'note' must be one line of at most {ClosureStore.MaxNote} characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        var services = context.RequestServices;
        await services.GetRequiredService<ClosureStore>().PutAsync(post, date, note, agent.Id, context.RequestAborted);
        await AppliedAsync(context, agent, post, "closure.set", ClosureStore.Key(date));
        return TypedResults.Json(new ClosureDayView(date, Stored, note, agent.Id, services.GetRequiredService<TimeProvider>().GetUtcNow()), ClosuresJsonContext.Default.ClosureDayView);
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, Agent agent, string post, string dateText)
    {
        if ((Refuse(context, agent, post) ?? (CrossSiteRequests.IsCrossSite(context.Request) ? CrossSite() : null)) is { } refused)
        {
            return refused;
        }

        if (Date(dateText) is not { } date)
        {
            return BadDate(dateText);
        }

        var removed = await context.RequestServices.GetRequiredService<ClosureStore>().DeleteAsync(post, date, context.RequestAborted);
        if (!removed)
        {
            return TypedResults.Problem($"No stored closure day {ClosureStore.Key(date)} for this post.", statusCode: StatusCodes.Status404NotFound);
        }

        await AppliedAsync(context, agent, post, "closure.remove", ClosureStore.Key(date));
        return TypedResults.NoContent();
    }

    /// <summary>An iCalendar file (text/calendar) of closure days, read from <c>from</c> to <c>to</c> (default: this year and the next, in the post's zone).</summary>
    public static async Task<IResult> ImportAsync(HttpContext context, Agent agent, string post)
    {
        if ((Refuse(context, agent, post) ?? RefuseChange(context.Request, "text/calendar", ClosureDaysImport.MaxBytes)) is { } refused)
        {
            return refused;
        }

        var services = context.RequestServices;
        var zone = services.GetRequiredService<OfficeHoursCalendar>().For(post).TimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(services.GetRequiredService<TimeProvider>().GetUtcNow(), zone).DateTime);
        var query = context.Request.Query;
        var from = query["from"].Count == 0 ? new DateOnly(today.Year, 1, 1) : Date(query["from"].ToString());
        var to = query["to"].Count == 0 ? new DateOnly(today.Year + 1, 12, 31) : Date(query["to"].ToString());
        if (from is null || to is null || from > to || to.Value.Year - from.Value.Year >= MaxYears)
        {
            return TypedResults.Problem($"'from' and 'to' must be dates (yyyy-MM-dd), 'from' first, within {MaxYears} years.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (await ReadBoundedAsync(context.Request, ClosureDaysImport.MaxBytes) is not { } ics)
        {
            return TypedResults.Problem($"The iCalendar file is larger than {ClosureDaysImport.MaxBytes / 1024 / 1024} MiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        IReadOnlySet<DateOnly> dates;
        try
        {
            dates = ClosureDaysImport.Read(ics, zone, from.Value, to.Value);
        }
        catch (InvalidDataException e)
        {
            // The import's messages never quote the file.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        await services.GetRequiredService<ClosureStore>().ImportAsync(post, dates, "iCalendar import", agent.Id, context.RequestAborted);
        await AppliedAsync(context, agent, post, "closure.import", $"{dates.Count} dates from {ClosureStore.Key(from.Value)} to {ClosureStore.Key(to.Value)}");
        return TypedResults.Json(new ClosureImportView(post, from.Value, to.Value, dates.Count, [.. dates.Order()]), ClosuresJsonContext.Default.ClosureImportView);
    }

    /// <summary>Administrators for every post, supervisors for theirs; a post that does not exist is 404 to them.</summary>
    private static ProblemHttpResult? Refuse(HttpContext context, Agent agent, string post)
    {
        if (agent.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return TypedResults.Problem("Only administrators and supervisors manage closure days.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (string.IsNullOrEmpty(post) || !context.RequestServices.GetRequiredService<PostCatalog>().TryGet(post, out _))
        {
            return TypedResults.Problem("Give a post of the catalogue ('post').", statusCode: StatusCodes.Status404NotFound);
        }

        return agent.CanAccess(post)
            ? null
            : TypedResults.Problem("Supervisors manage the closure days of their own posts only.", statusCode: StatusCodes.Status403Forbidden);
    }

    /// <summary>A change comes from the triage page's origin (or a client without a browser), with the body type and size it needs.</summary>
    private static ProblemHttpResult? RefuseChange(HttpRequest request, string contentType, int maxBytes)
    {
        if (CrossSiteRequests.IsCrossSite(request))
        {
            return CrossSite();
        }

        if (!(request.ContentType ?? string.Empty).StartsWith(contentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"Send the body as {contentType}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > maxBytes)
        {
            // Answered before any limit is set on the body, so that the server may still drain it and the client reads the answer.
            return TypedResults.Problem($"The request body is larger than {maxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes; // a body without a length stops there
        }

        return null;
    }

    private static ProblemHttpResult CrossSite() =>
        TypedResults.Problem("Changes are accepted from the triage page only, not from another site.", statusCode: StatusCodes.Status403Forbidden);

    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="maxBytes"/> (also without a Content-Length).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task AppliedAsync(HttpContext context, Agent agent, string post, string action, string details)
    {
        var services = context.RequestServices;
        await services.GetRequiredService<AuditLog>().RecordAsync(post, agent.Id, action, string.Empty, details, context.RequestAborted);
        await services.GetRequiredService<StoredClosures>().RefreshAsync(context.RequestAborted, force: true);
    }

    private static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static ProblemHttpResult BadDate(string text) =>
        TypedResults.Problem($"The date must be written yyyy-MM-dd{(text.Length <= 20 ? $", not '{text}'" : "")}.", statusCode: StatusCodes.Status400BadRequest);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClosureYearView))]
[JsonSerializable(typeof(ClosureDayView))]
[JsonSerializable(typeof(ClosureRequest))]
[JsonSerializable(typeof(ClosureImportView))]
internal sealed partial class ClosuresJsonContext : JsonSerializerContext;
