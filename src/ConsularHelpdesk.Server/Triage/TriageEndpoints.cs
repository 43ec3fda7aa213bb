using ConsularHelpdesk.Triage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ConsularHelpdesk.Server.Triage;

/// <summary>/api/triage: thin HTTP over <see cref="TriageService"/>; who the agent is comes from the sign-in and the directory.</summary>
internal static class TriageEndpoints
{
    public static IEndpointRouteBuilder MapTriage(this IEndpointRouteBuilder app)
    {
        var triage = app.MapGroup("/api/triage").RequireAuthorization();

        triage.MapGet("/me", (HttpContext c, TriageService s) => WithAgent(c, a => Task.FromResult<IResult>(TypedResults.Ok(s.Me(a)))));
        triage.MapPost("/sign-out", async (HttpContext c) =>
        {
            await c.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        });
        triage.MapGet("/posts/{postId}/conversations", (HttpContext c, TriageService s, string postId, string? view, string? channel, string? language, string? continuation) =>
            WithAgent(c, async a =>
            {
                var result = await s.ListAsync(a, postId, view, channel, language, continuation, c.RequestAborted);
                if (result is { Status: TriageStatus.Ok, Value: { } page })
                {
                    if (c.Request.Headers.IfNoneMatch.ToString() == page.Etag)
                    {
                        return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                    }

                    c.Response.Headers.ETag = page.Etag;
                }

                return result.ToResult();
            }));
        triage.MapGet("/conversations/{id}", (HttpContext c, TriageService s, string id) =>
            WithAgent(c, async a =>
            {
                var result = await s.ReadAsync(a, id, c.RequestAborted);
                if (result.Value is { } thread)
                {
                    c.Response.Headers.ETag = thread.Conversation.Etag;
                }

                return result.ToResult();
            }));
        triage.MapPost("/conversations/{id}/replies", (HttpContext c, TriageService s, string id, ReplyRequest body) =>
            WithAgent(c, async a => (await s.ReplyAsync(a, id, IfMatch(c), body, c.RequestAborted)).ToResult(StatusCodes.Status202Accepted)));
        triage.MapPost("/conversations/{id}/notes", (HttpContext c, TriageService s, string id, NoteRequest body) =>
            WithAgent(c, async a => (await s.NoteAsync(a, id, body, c.RequestAborted)).ToResult(StatusCodes.Status201Created)));
        triage.MapPost("/conversations/{id}/assign", (HttpContext c, TriageService s, string id, [FromBody] AssignRequest? body) =>
            WithAgent(c, async a => (await s.AssignAsync(a, id, IfMatch(c), body ?? new AssignRequest(), c.RequestAborted)).ToResult()));
        triage.MapPost("/conversations/{id}/unassign", (HttpContext c, TriageService s, string id) =>
            WithAgent(c, async a => (await s.UnassignAsync(a, id, IfMatch(c), c.RequestAborted)).ToResult()));
        triage.MapPost("/conversations/{id}/close", (HttpContext c, TriageService s, string id) =>
            WithAgent(c, async a => (await s.CloseAsync(a, id, IfMatch(c), c.RequestAborted)).ToResult()));
        triage.MapPost("/conversations/{id}/reopen", (HttpContext c, TriageService s, string id) =>
            WithAgent(c, async a => (await s.ReopenAsync(a, id, IfMatch(c), c.RequestAborted)).ToResult()));
        triage.MapPost("/conversations/{id}/transfer", (HttpContext c, TriageService s, string id, TransferRequest body) =>
            WithAgent(c, async a => (await s.TransferAsync(a, id, body, c.RequestAborted)).ToResult()));
        triage.MapPut("/conversations/{id}/tags", (HttpContext c, TriageService s, string id, TagsRequest body) =>
            WithAgent(c, async a => (await s.TagAsync(a, id, IfMatch(c), body, c.RequestAborted)).ToResult()));
        triage.MapPut("/conversations/{id}/language", (HttpContext c, TriageService s, string id, LanguageRequest body) =>
            WithAgent(c, async a => (await s.SetLanguageAsync(a, id, IfMatch(c), body, c.RequestAborted)).ToResult()));
        triage.MapGet("/canned", (HttpContext c, string? language) =>
            WithAgent(c, _ => Task.FromResult<IResult>(TypedResults.Ok(TriageService.CannedResponses(language)))));
        return app;
    }

    private static string? IfMatch(HttpContext context) =>
        context.Request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;

    /// <summary>Signed in is not enough: the person must be an agent of the help desk (the directory says which posts).</summary>
    private static async Task<IResult> WithAgent(HttpContext context, Func<Agent, Task<IResult>> action)
    {
        var directory = context.RequestServices.GetRequiredService<AgentDirectory>();
        var id = AgentClaims.AgentId(context.User);
        var agent = id is null ? null : await directory.FindAsync(id, context.RequestAborted);
        return agent is null
            ? TypedResults.Problem("You are signed in, but not as an agent of the help desk.", statusCode: StatusCodes.Status403Forbidden)
            : await action(agent);
    }

    private static IResult ToResult<T>(this TriageResult<T> result, int okStatus = StatusCodes.Status200OK)
    {
        if (result is { Status: TriageStatus.Ok, Value: { } value })
        {
            return okStatus == StatusCodes.Status200OK ? TypedResults.Ok(value) : TypedResults.Json(value, statusCode: okStatus);
        }

        var status = result.Status switch
        {
            TriageStatus.NotFound => StatusCodes.Status404NotFound,
            TriageStatus.Forbidden => StatusCodes.Status403Forbidden,
            TriageStatus.Conflict => StatusCodes.Status412PreconditionFailed,
            TriageStatus.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status400BadRequest,
        };
        // "reason" repeats the detail for the page, which shows it next to the reply window's explanation.
        return TypedResults.Problem(result.Problem, statusCode: status, extensions: new Dictionary<string, object?> { ["reason"] = result.Problem });
    }
}
