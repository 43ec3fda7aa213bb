using ConsularHelpdesk.Http;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Puts <see cref="SecurityHeaders"/> on every answer of the self-host. Set when the answer starts, not when the
/// request comes in: the exception handler and the developer exception page clear the headers of a failed request,
/// and a 404 or 401 is written after the rest of the pipeline ran.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            SecurityHeaders.Apply((HttpResponse)state);
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
