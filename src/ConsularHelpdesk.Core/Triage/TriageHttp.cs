using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The HTTP face of <see cref="TriageService"/> under <c>/api/triage/</c>, shared by the self-host's endpoint and
/// the Functions app's trigger so that both answer alike. The caller has authenticated the request; this finds the
/// agent in the directory (403 when the person is no agent), guards changes (same origin, JSON, If-Match, size),
/// routes, and maps outcomes to status codes. Whatever fails answers a problem without details.
/// </summary>
internal static class TriageHttp
{
    public static async Task<IResult> HandleAsync(HttpContext context, string? path)
    {
        var segments = (path ?? string.Empty).Trim('/').Split('/');
        try
        {
            return await RouteAsync(context, segments);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // Only the type: messages and the request can hold personal data, and a stack trace or the request's
            // headers (cookies) never go back to the caller.
            var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(TriageHttp).FullName!);
            if (logger is not null)
            {
                TriageLog.Failed(logger, context.Request.Method, Shape(segments), e.GetType().Name);
            }

            return StorageFailure.IsOutage(e)
                ? TypedResults.Problem("The help desk cannot reach its storage right now; try again in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Problem("Something went wrong on our side; try again. If it goes on, tell the help desk's administrators.", statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static async Task<IResult> RouteAsync(HttpContext context, string[] segments)
    {
        var services = context.RequestServices;
        var id = AgentClaims.AgentId(context.User);
        if (id is null)
        {
            return TypedResults.Problem("Sign in first.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var request = context.Request;
        if (request.Method is "POST" or "PUT" && segments is ["conversations", _, _] && RefuseChange(context, segments) is { } refused)
        {
            return refused;
        }

        if (request.Method is "POST" or "PUT" or "DELETE" && segments is ["roster", ..] or ["admin", "agents", ..] or ["crises", ..]
            && ChangeGuard.Refuse(context, request.Method != "DELETE" && segments is not (["crises", _, "close"] or ["crises", _, "broadcasts", _, "cancel"])) is { } guarded)
        {
            return guarded;
        }

        var agent = await services.GetRequiredService<AgentDirectory>().FindAsync(id, context.RequestAborted);
        if (agent is null)
        {
            return TypedResults.Problem("You are signed in, but not as an agent of the help desk.", statusCode: StatusCodes.Status403Forbidden);
        }

        var triage = services.GetRequiredService<TriageService>();
        var ct = context.RequestAborted;
        try
        {
            await services.GetRequiredService<AgentPresence>().SeenAsync(agent.Id, ct);
        }
        catch (RequestFailedException)
        {
            // Best effort: a presence that could not be written costs at most a reassignment the sweep makes too
            // early, never the agent's request.
        }

        var ifMatch = request.Headers.IfMatch.ToString() is { Length: > 0 } etag ? etag : null;
        try
        {
            return (request.Method, segments) switch
            {
                ("GET", ["me"]) => TypedResults.Ok(triage.Me(agent)),
                ("GET", ["admin", "account-events"]) => await AccountEventsApi.ListAsync(context, agent),
                ("GET", ["admin", "closures"]) => await ClosuresApi.ListAsync(context, agent),
                ("PUT", ["admin", "closures", var post, var date]) => await ClosuresApi.PutAsync(context, agent, post, date),
                ("DELETE", ["admin", "closures", var post, var date]) => await ClosuresApi.DeleteAsync(context, agent, post, date),
                ("POST", ["admin", "closures", var post, "import"]) => await ClosuresApi.ImportAsync(context, agent, post),
                ("GET", ["audit"]) => await AuditApi.ListAsync(context, agent),
                ("GET", ["audit", "csv"]) => await AuditApi.CsvAsync(context, agent),
                ("GET", ["alerts"]) => await AlertsApi.ListAsync(context, agent),
                ("POST", ["alerts", "read-all"]) => await AlertsApi.ReadAllAsync(context, agent),
                ("POST", ["alerts", var alert, "read"]) => await AlertsApi.ReadAsync(context, agent, alert),
                ("GET", ["canned"]) => TypedResults.Ok(TriageService.CannedResponses(request.Query["language"])),
                ("GET", ["posts", var post, "conversations"]) => await ListAsync(context, agent, post, null),
                ("GET", ["conversations"]) => await ListAsync(context, agent, request.Query["post"], request.Query["scope"]),
                ("POST", ["search"]) => await SearchAsync(context, agent),
                ("GET", ["conversations", var conversation]) => await ReadAsync(context, triage, agent, conversation),
                ("GET", ["conversations", var conversation, "media", var message, var index]) => await MediaApi.GetAsync(context, agent, conversation, message, index),
                ("POST", ["conversations", var conversation, "replies"]) =>
                    Map(await triage.ReplyAsync(agent, conversation, ifMatch, await BodyAsync(request, TriageJsonContext.Default.ReplyRequest), ct), StatusCodes.Status202Accepted),
                ("POST", ["conversations", var conversation, "attachments"]) => await UploadAsync(context, triage, agent, conversation),
                ("POST", ["conversations", var conversation, "notes"]) =>
                    Map(await triage.NoteAsync(agent, conversation, await BodyAsync(request, TriageJsonContext.Default.NoteRequest), ct), StatusCodes.Status201Created),
                ("POST", ["conversations", var conversation, "assign"]) =>
                    Map(await triage.AssignAsync(agent, conversation, ifMatch, await OptionalBodyAsync(request, TriageJsonContext.Default.AssignRequest) ?? new AssignRequest(), ct)),
                ("POST", ["conversations", var conversation, "unassign"]) => Map(await triage.UnassignAsync(agent, conversation, ifMatch, ct)),
                ("POST", ["conversations", var conversation, "close"]) => Map(await triage.CloseAsync(agent, conversation, ifMatch, ct)),
                ("POST", ["conversations", var conversation, "reopen"]) => Map(await triage.ReopenAsync(agent, conversation, ifMatch, ct)),
                ("POST", ["conversations", var conversation, "transfer"]) =>
                    Map(await triage.TransferAsync(agent, conversation, ifMatch, await BodyAsync(request, TriageJsonContext.Default.TransferRequest), ct)),
                ("PUT", ["conversations", var conversation, "tags"]) =>
                    Map(await triage.TagAsync(agent, conversation, ifMatch, await BodyAsync(request, TriageJsonContext.Default.TagsRequest), ct)),
                ("PUT", ["conversations", var conversation, "legal-hold"]) =>
                    Map(await triage.SetLegalHoldAsync(agent, conversation, ifMatch, await BodyAsync(request, TriageJsonContext.Default.LegalHoldRequest), ct)),
                ("PUT", ["conversations", var conversation, "level"]) =>
                    Map(await triage.SetLevelAsync(agent, conversation, ifMatch, await BodyAsync(request, TriageJsonContext.Default.LevelRequest), ct)),
                ("PUT", ["conversations", var conversation, "language"]) =>
                    Map(await triage.SetLanguageAsync(agent, conversation, ifMatch, await BodyAsync(request, TriageJsonContext.Default.LanguageRequest), ct)),
                ("GET", ["roster"]) => await RosterApi.WeekAsync(context, agent),
                ("GET", ["roster", "hubs"]) => RosterApi.Hubs(context, agent),
                ("POST", ["roster", "shifts"]) => await RosterApi.AddAsync(context, agent),
                ("PUT", ["roster", "shifts", var shift]) => await RosterApi.ReplaceAsync(context, agent, shift),
                ("DELETE", ["roster", "shifts", var shift]) => await RosterApi.DeleteAsync(context, agent, shift),
                ("GET", ["coverage"]) => await RosterApi.CoverageAsync(context, agent),
                ("GET", ["crises"]) => await CrisesApi.ListAsync(context, agent),
                ("POST", ["crises"]) => await CrisesApi.OpenAsync(context, agent),
                ("GET", ["crises", "areas"]) => CrisesApi.Areas(context, agent),
                ("GET", ["crises", var crisis]) => await CrisesApi.GetAsync(context, agent, crisis),
                ("POST", ["crises", var crisis, "close"]) => await CrisesApi.CloseAsync(context, agent, crisis),
                ("GET", ["crises", var crisis, "conversations"]) => await CrisesApi.ConversationsAsync(context, agent, crisis, request.Query["after"]),
                ("GET", ["crises", var crisis, "broadcasts"]) => await BroadcastsApi.ListAsync(context, agent, crisis),
                ("POST", ["crises", var crisis, "broadcasts"]) => await BroadcastsApi.SendAsync(context, agent, crisis),
                ("GET", ["crises", var crisis, "broadcasts", var broadcast]) => await BroadcastsApi.GetAsync(context, agent, crisis, broadcast),
                ("POST", ["crises", var crisis, "broadcasts", var broadcast, "cancel"]) => await BroadcastsApi.CancelAsync(context, agent, crisis, broadcast),
                ("POST", ["admin", "privacy", "find"]) => await PrivacyApi.FindAsync(context, agent),
                ("GET", ["admin", "privacy", "export"]) => await PrivacyApi.ExportAsync(context, agent),
                ("POST", ["admin", "privacy", "erasures"]) => await PrivacyApi.RequestErasureAsync(context, agent),
                ("GET", ["admin", "privacy", "erasures", var erasure]) => await PrivacyApi.GetErasureAsync(context, agent, erasure),
                ("POST", ["admin", "privacy", "erasures", var erasure, "confirm"]) => await PrivacyApi.ConfirmErasureAsync(context, agent, erasure),
                ("POST", ["admin", "privacy", "erasures", var erasure, "run"]) => await PrivacyApi.RunErasureAsync(context, agent, erasure),
                ("GET", ["admin", "agents"]) => await AgentAdminApi.ListAsync(context, agent),
                ("GET", ["admin", "agents", var agentId]) => await AgentAdminApi.GetAsync(context, agent, agentId),
                ("PUT", ["admin", "agents", var agentId]) => await AgentAdminApi.PutAsync(context, agent, agentId),
                _ => TypedResults.NotFound(),
            };
        }
        catch (BadHttpRequestException e)
        {
            // 413 when the server's body limit stopped a body that announced no length (chunked).
            return TypedResults.Problem(
                e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge : e.Message,
                statusCode: e.StatusCode is >= 400 and < 500 ? e.StatusCode : StatusCodes.Status400BadRequest);
        }
        catch (InvalidDataException)
        {
            return TypedResults.Problem("The form data is not valid multipart.", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>A search: a POST with a JSON body (the name searched for stays out of URLs), from the triage page only.</summary>
    private static async Task<IResult> SearchAsync(HttpContext context, Agent agent)
    {
        var request = context.Request;
        if (CrossSiteRequests.IsCrossSite(request))
        {
            return TypedResults.Problem("Searches are accepted from the triage page only, not from another site.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem("Send the search as JSON (Content-Type: application/json): {\"q\": \"…\", \"scope\": \"mine\"}.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = InputLimits.JsonBodyBytes;
        }

        if (request.ContentLength > InputLimits.JsonBodyBytes)
        {
            return TypedResults.Problem(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var body = await BodyAsync(request, TriageJsonContext.Default.SearchRequest);
        return Map(await context.RequestServices.GetRequiredService<ConversationSearch>().SearchAsync(agent, body.Q, body.Scope, context.RequestAborted));
    }

    private static readonly string TooLarge = $"The request body is larger than {InputLimits.JsonBodyBytes / 1024} KiB.";

    /// <summary>
    /// Every change must come from the triage page's origin, as JSON (a form or text/plain can be posted by any site
    /// without a preflight) and with the conversation's ETag in If-Match (which no other site can set either).
    /// Uploads are multipart: for them the origin check and If-Match stand in for the JSON type.
    /// </summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? RefuseChange(HttpContext context, string[] segments)
    {
        var request = context.Request;
        if (CrossSiteRequests.IsCrossSite(request))
        {
            return TypedResults.Problem("Changes are accepted from the triage page only, not from another site.", statusCode: StatusCodes.Status403Forbidden);
        }

        var upload = segments[2] == "attachments";
        if (!upload)
        {
            if (!request.HasJsonContentType())
            {
                return TypedResults.Problem("Send changes as JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = InputLimits.JsonBodyBytes;
            }

            if (request.ContentLength > InputLimits.JsonBodyBytes)
            {
                return TypedResults.Problem(TooLarge, statusCode: StatusCodes.Status413PayloadTooLarge);
            }
        }

        return request.Headers.IfMatch.Count == 0
            ? TypedResults.Problem("Changes need If-Match with the conversation's etag (from GET /api/triage/conversations/{id}).", statusCode: StatusCodes.Status428PreconditionRequired)
            : null;
    }

    /// <summary>The route without ids, for logs.</summary>
    private static string Shape(string[] segments) => segments switch
    {
        ["conversations", _, var action] => $"conversations/{{id}}/{Word(action)}",
        ["conversations", _] => "conversations/{id}",
        ["posts", _, var list] => $"posts/{{id}}/{Word(list)}",
        ["alerts", _, var action] => $"alerts/{{id}}/{Word(action)}",
        ["crises", _, "broadcasts", _, var action] => $"crises/{{id}}/broadcasts/{{id}}/{Word(action)}",
        ["crises", _, "broadcasts", ..] => "crises/{id}/broadcasts",
        [var first, ..] => Word(first),
        [] => string.Empty,
    };

    private static string Word(string segment) => segment.Length <= 20 && segment.All(char.IsAsciiLetterLower) ? segment : "?";

    /// <summary>One post's list (<paramref name="post"/>) or a scope's across posts; exactly one of them.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, Agent agent, string? post, string? scope)
    {
        if (string.IsNullOrEmpty(post) == string.IsNullOrEmpty(scope))
        {
            return TypedResults.Problem("Give either post (one post) or scope (mine, duty, region or all).", statusCode: StatusCodes.Status400BadRequest);
        }

        var lists = context.RequestServices.GetRequiredService<ConversationLists>();
        var query = context.Request.Query;
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } value ? value : null;
        var result = string.IsNullOrEmpty(scope)
            ? await lists.ListAsync(agent, post!, query["view"], query["channel"], query["language"], query["continuation"], context.RequestAborted, ifNoneMatch)
            : await lists.ListScopeAsync(agent, scope, query["view"], query["channel"], query["language"], query["continuation"], context.RequestAborted, ifNoneMatch);
        if (result.Status == TriageStatus.NotModified)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (result is { Status: TriageStatus.Ok, Value: { } page })
        {
            context.Response.Headers.ETag = page.Etag;
            if (string.IsNullOrEmpty(scope) && ifNoneMatch is null && string.IsNullOrEmpty(query["continuation"]))
            {
                // An opening of the post's list: its first page without If-None-Match. The page's 3-second polls
                // carry the list's ETag and further pages a continuation, so neither writes a row.
                await context.RequestServices.GetRequiredService<ConsularHelpdesk.Audit.AuditLog>().RecordAsync(
                    post!, agent.Id, "list.open", string.Empty, Word(query["view"].ToString()), context.RequestAborted);
            }
        }

        return Map(result);
    }

    private static async Task<IResult> ReadAsync(HttpContext context, TriageService triage, Agent agent, string conversation)
    {
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } value ? value : null;
        var result = await triage.ReadAsync(agent, conversation, context.RequestAborted, ifNoneMatch);
        if (result.Status == TriageStatus.NotModified)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (result.Value is { } thread)
        {
            // For polling (If-None-Match); changes take the body's conversation.etag as If-Match.
            context.Response.Headers.ETag = thread.ThreadEtag;
        }

        return Map(result);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, TriageService triage, Agent agent, string conversation)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AttachmentStore.MaxBytes + (64 * 1024); // also for chunked uploads
        }

        if (!context.Request.HasFormContentType || context.Request.ContentLength > AttachmentStore.MaxBytes + (64 * 1024))
        {
            return TypedResults.Problem($"Send one file (multipart/form-data, field 'file') of at most {AttachmentStore.MaxBytes / (1024 * 1024)} MB.", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form.Files.GetFile("file") is not { } file)
        {
            return TypedResults.Problem("The form has no field 'file'.", statusCode: StatusCodes.Status400BadRequest);
        }

        await using var content = file.OpenReadStream();
        return Map(await triage.UploadAsync(agent, conversation, file.FileName, file.ContentType, file.Length, content, context.RequestAborted), StatusCodes.Status201Created);
    }

    private static async Task<T> BodyAsync<T>(HttpRequest request, JsonTypeInfo<T> type) =>
        await OptionalBodyAsync(request, type) ?? throw new BadHttpRequestException("The request needs a JSON body.");

    private static async Task<T?> OptionalBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
    {
        if (request.ContentLength == 0 || !request.HasJsonContentType())
        {
            return default;
        }

        try
        {
            return await request.ReadFromJsonAsync(type, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The JSON body is not valid: {e.Message}");
        }
    }

    private static IResult Map<T>(TriageResult<T> result, int okStatus = StatusCodes.Status200OK)
    {
        if (result is { Status: TriageStatus.Ok, Value: { } value })
        {
            return TypedResults.Json(value, TriageJsonContext.Default.Options, statusCode: okStatus);
        }

        var status = result.Status switch
        {
            TriageStatus.NotFound => StatusCodes.Status404NotFound,
            TriageStatus.Forbidden => StatusCodes.Status403Forbidden,
            TriageStatus.Conflict => StatusCodes.Status412PreconditionFailed,
            TriageStatus.Closed => StatusCodes.Status409Conflict,
            TriageStatus.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            TriageStatus.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };

        // "reason" repeats the detail for the page, which shows it next to the reply window's explanation.
        return TypedResults.Problem(result.Problem, statusCode: status, extensions: new Dictionary<string, object?> { ["reason"] = result.Problem });
    }
}
