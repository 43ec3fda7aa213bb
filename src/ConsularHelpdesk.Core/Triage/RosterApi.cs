using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Coverage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The duty roster under <c>/api/triage/roster</c> (docs/triage-api.md): the week view of a target, and shifts added,
/// replaced and removed by supervisors (for targets within their region) and administrators; every write answers with
/// the gaps of the week it touched, and is audited. <c>/api/triage/coverage?post=</c>: who covers a post now.
/// </summary>
internal static class RosterApi
{
    public const int MaxNoteLength = 200;

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary><c>GET roster?target=&amp;week=YYYY-Www</c>: shifts of the target's local week and the gaps of its posts.</summary>
    public static async Task<IResult> WeekAsync(HttpContext context, Agent agent)
    {
        var services = context.RequestServices;
        var query = context.Request.Query;
        if (services.GetRequiredService<RosterTargets>().Find(query["target"]) is not { } target)
        {
            return ChangeGuard.Invalid("target", "Give a post that gives consular help, a regional hub or 'central'.");
        }

        var weekText = query["week"].ToString();
        if (weekText.Length == 0)
        {
            var now = target.ToLocal(services.GetRequiredService<TimeProvider>().GetUtcNow());
            weekText = $"{ISOWeek.GetYear(now):D4}-W{ISOWeek.GetWeekOfYear(now):D2}";
        }

        if (RosterKeys.Monday(weekText) is not { } monday)
        {
            return ChangeGuard.Invalid("week", "Give an ISO week written YYYY-Www (2026-W49).");
        }

        if (!target.Posts.All(agent.CanAccess))
        {
            return TypedResults.Problem("You do not serve every post this target covers.", statusCode: StatusCodes.Status403Forbidden);
        }

        var from = target.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
        var to = target.ToUtc(monday.AddDays(7).ToDateTime(TimeOnly.MinValue));
        var shifts = await services.GetRequiredService<DutyRoster>().ShiftsAsync(from, to, context.RequestAborted);
        var gaps = await services.GetRequiredService<CoverGaps>().FindAsync(from, to, target.Posts, context.RequestAborted);
        var view = new RosterWeekView(target.Id, weekText, target.TimeZone.Id, from, to, [.. shifts.Where(s => s.Target == target.Id).Select(View)], gaps);
        return TypedResults.Json(view, RosterJsonContext.Default.RosterWeekView);
    }

    /// <summary>
    /// <c>GET roster/hubs</c>: the regional hubs the supervisor or administrator may roster (every post of the hub in
    /// their region), named in the agent's language, for the roster screen's target picker.
    /// </summary>
    public static IResult Hubs(HttpContext context, Agent agent)
    {
        if (agent.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return TypedResults.Problem("Only supervisors and administrators edit the roster.", statusCode: StatusCodes.Status403Forbidden);
        }

        var hubs = context.RequestServices.GetRequiredService<RegionalHubs>().All
            .Where(hub => hub.Posts.All(agent.CanAccess))
            .Select(hub => new HubView(hub.Id, hub.Names.GetValueOrDefault(agent.Language) ?? hub.Names["en"], hub.TimeZone.Id, hub.Posts))
            .ToList();
        return TypedResults.Json<IReadOnlyList<HubView>>(hubs, RosterJsonContext.Default.IReadOnlyListHubView);
    }

    /// <summary><c>POST roster/shifts</c>.</summary>
    public static async Task<IResult> AddAsync(HttpContext context, Agent agent)
    {
        if (ChangeGuard.Refuse(context, hasBody: true) is { } refused)
        {
            return refused;
        }

        var body = await BodyAsync(context.Request, RosterJsonContext.Default.ShiftRequest);
        var (shift, problem) = await ReadAsync(context, agent, body, RosterKeys.NewId);
        if (shift is null)
        {
            return problem!;
        }

        try
        {
            await context.RequestServices.GetRequiredService<DutyRoster>().AddAsync(shift, agent.Id, context.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        await AuditAsync(context, agent, shift, "roster.add");
        return TypedResults.Json(new RosterChangeView(View(shift), await GapsAsync(context, shift)), RosterJsonContext.Default.RosterChangeView, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>PUT roster/shifts/{id}</c>: a new version of the shift (a new id when its start moves to another week).</summary>
    public static async Task<IResult> ReplaceAsync(HttpContext context, Agent agent, string id)
    {
        if (ChangeGuard.Refuse(context, hasBody: true) is { } refused)
        {
            return refused;
        }

        var roster = context.RequestServices.GetRequiredService<DutyRoster>();
        if (await roster.FindAsync(id, context.RequestAborted) is not { } old)
        {
            return TypedResults.Problem("No such shift.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!MayEdit(context, agent, old.Target))
        {
            return TypedResults.Problem("You may not change the roster of this target: it covers posts outside your region.", statusCode: StatusCodes.Status403Forbidden);
        }

        var body = await BodyAsync(context.Request, RosterJsonContext.Default.ShiftRequest);
        var (shift, problem) = await ReadAsync(context, agent, body, start => RosterKeys.Week(start) == RosterKeys.PartitionOf(id) ? id : RosterKeys.NewId(start));
        if (shift is null)
        {
            return problem!;
        }

        try
        {
            await roster.ReplaceAsync(id, shift, agent.Id, context.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        await AuditAsync(context, agent, shift, shift.Id == id ? "roster.change" : $"roster.change from {id}");
        return TypedResults.Json(new RosterChangeView(View(shift), await GapsAsync(context, shift)), RosterJsonContext.Default.RosterChangeView);
    }

    /// <summary><c>DELETE roster/shifts/{id}</c>.</summary>
    public static async Task<IResult> DeleteAsync(HttpContext context, Agent agent, string id)
    {
        if (ChangeGuard.Refuse(context, hasBody: false) is { } refused)
        {
            return refused;
        }

        var roster = context.RequestServices.GetRequiredService<DutyRoster>();
        if (await roster.FindAsync(id, context.RequestAborted) is not { } old)
        {
            return TypedResults.Problem("No such shift.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!MayEdit(context, agent, old.Target))
        {
            return TypedResults.Problem("You may not change the roster of this target: it covers posts outside your region.", statusCode: StatusCodes.Status403Forbidden);
        }

        await roster.DeleteAsync(id, context.RequestAborted);
        await AuditAsync(context, agent, old, "roster.remove");
        return TypedResults.Json(new RosterChangeView(null, await GapsAsync(context, old)), RosterJsonContext.Default.RosterChangeView);
    }

    /// <summary><c>GET coverage?post=</c>: who covers the post now, for any agent of the post.</summary>
    public static async Task<IResult> CoverageAsync(HttpContext context, Agent agent)
    {
        var services = context.RequestServices;
        var post = context.Request.Query["post"].ToString();
        if (!services.GetRequiredService<Routing.Catalog.PostCatalog>().TryGet(post, out _))
        {
            return ChangeGuard.Invalid("post", "Give the id of a post.");
        }

        if (!agent.CanAccess(post))
        {
            return TypedResults.Problem("You do not serve this post.", statusCode: StatusCodes.Status403Forbidden);
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var hours = services.GetRequiredService<OfficeHours>();
        var cover = await services.GetRequiredService<DutyCover>().CoverAsync(post, now, context.RequestAborted);
        return TypedResults.Json(new CoverageView(post, now, hours.IsOpen(post, now), hours.NextOpening(post, now), cover), RosterJsonContext.Default.CoverageView);
    }

    /// <summary>Supervisors edit the targets whose posts are all in their region; administrators any.</summary>
    private static bool MayEdit(HttpContext context, Agent agent, string targetId) =>
        agent.Role == AgentRole.Admin
        || (agent.Role == AgentRole.Supervisor && context.RequestServices.GetRequiredService<RosterTargets>().Find(targetId) is { } target && target.Posts.All(agent.CanAccess));

    /// <summary>The shift the request describes, or the problem: 400 naming the field, 403 outside the editor's region.</summary>
    private static async Task<(RosterShift? Shift, IResult? Problem)> ReadAsync(HttpContext context, Agent editor, ShiftRequest body, Func<DateTimeOffset, string> id)
    {
        var services = context.RequestServices;
        if (editor.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return (null, TypedResults.Problem("Only supervisors and administrators edit the roster.", statusCode: StatusCodes.Status403Forbidden));
        }

        if (services.GetRequiredService<RosterTargets>().Find(body.Target) is not { } target)
        {
            return (null, ChangeGuard.Invalid("target", "Give a post that gives consular help, a regional hub or 'central'."));
        }

        if (!MayEdit(context, editor, target.Id))
        {
            return (null, TypedResults.Problem("You may not roster this target: it covers posts outside your region.", statusCode: StatusCodes.Status403Forbidden));
        }

        if (!LocalTime(body.Start, out var localStart))
        {
            return (null, ChangeGuard.Invalid("start", "Give the local start in the target's time zone, written yyyy-MM-ddTHH:mm."));
        }

        if (!LocalTime(body.End, out var localEnd))
        {
            return (null, ChangeGuard.Invalid("end", "Give the local end in the target's time zone, written yyyy-MM-ddTHH:mm."));
        }

        var start = target.ToUtc(localStart);
        var end = target.ToUtc(localEnd);
        if (end <= start)
        {
            return (null, ChangeGuard.Invalid("end", "The shift ends after it starts."));
        }

        if (end - start > RosterKeys.MaxShift)
        {
            return (null, ChangeGuard.Invalid("end", $"A shift lasts at most {RosterKeys.MaxShift.TotalDays:0} days."));
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (start < now.AddYears(-1) || start > now.AddYears(2))
        {
            return (null, ChangeGuard.Invalid("start", "A shift starts within a year before and two years after today."));
        }

        var note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        if (note is not null && (note.Length > MaxNoteLength || note.Any(c => char.IsControl(c) && c is not ('\n' or '\r'))))
        {
            return (null, ChangeGuard.Invalid("note", $"A note is at most {MaxNoteLength} characters of text."));
        }

        var agentId = body.AgentId?.Trim() ?? "";
        var person = agentId.Length is > 0 and <= AgentAdminApi.MaxIdLength
            ? await services.GetRequiredService<AgentDirectory>().FindAsync(agentId, context.RequestAborted)
            : null;
        if (person is null)
        {
            return (null, ChangeGuard.Invalid("agentId", "No agent has this id: an administrator adds them first (PUT /api/triage/admin/agents/{id})."));
        }

        if (person.Role is not (AgentRole.DutyOfficer or AgentRole.Admin))
        {
            return (null, ChangeGuard.Invalid("agentId", "Only duty officers (and administrators) are rostered: the duty list is theirs."));
        }

        if (!target.Posts.All(person.CanAccess))
        {
            return (null, ChangeGuard.Invalid("agentId", "This agent does not serve every post the target covers: an administrator gives them the posts first."));
        }

        return (new RosterShift(id(start), person.Id, person.Name, target.Id, localStart, localEnd, start, end, note), null);
    }

    /// <summary>The gaps of the target's local weeks from the shift's start to its end: what a change may have opened or closed.</summary>
    private static async Task<IReadOnlyList<CoverGap>> GapsAsync(HttpContext context, RosterShift shift)
    {
        var services = context.RequestServices;
        var target = services.GetRequiredService<RosterTargets>().Find(shift.Target);
        if (target is null)
        {
            return [];
        }

        var from = target.ToUtc(Monday(shift.LocalStart));
        var to = target.ToUtc(Monday(shift.LocalEnd).AddDays(7));
        return await services.GetRequiredService<CoverGaps>().FindAsync(from, to, target.Posts, context.RequestAborted);
    }

    private static DateTime Monday(DateTime local)
    {
        var date = local.Date;
        return date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
    }

    // Ids only: the shift, the agent rostered and the times, never a note (free text).
    private static Task AuditAsync(HttpContext context, Agent editor, RosterShift shift, string action) =>
        context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
            shift.Target,
            editor.Id,
            action,
            shift.Id,
            $"agent={shift.AgentId};start={shift.Start:O};end={shift.End:O}",
            context.RequestAborted);

    private static bool LocalTime(string? text, out DateTime local) =>
        DateTime.TryParseExact(text?.Trim(), LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out local)
        && local.Year is >= 2000 and <= 2999;

    private static ShiftView View(RosterShift s) => new(
        s.Id, s.AgentId, s.AgentName, s.Target,
        s.LocalStart.ToString(LocalFormat, CultureInfo.InvariantCulture),
        s.LocalEnd.ToString(LocalFormat, CultureInfo.InvariantCulture),
        s.Start, s.End, s.Note);

    internal static async Task<T> BodyAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
    {
        try
        {
            return await request.ReadFromJsonAsync(type, request.HttpContext.RequestAborted)
                ?? throw new BadHttpRequestException("The request needs a JSON body.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The JSON body is not valid: {e.Message}");
        }
    }
}
