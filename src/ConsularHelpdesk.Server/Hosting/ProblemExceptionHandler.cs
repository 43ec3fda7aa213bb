using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Outside Development, an unhandled exception answers a bare 500 problem: no stack trace, no echo of the request
/// (its headers carry cookies). A storage outage (e.g. reading the sign-in session) is a 503: try again. The log gets
/// the exception's type only: its message can hold personal data.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        Unhandled(logger, httpContext.Request.Method, exception.GetType().Name);
        var outage = StorageFailure.IsOutage(exception);
        var status = outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = null,
            ProblemDetails =
            {
                Status = status,
                Title = outage ? "The help desk cannot reach its storage right now; try again in a moment." : "Something went wrong on our side; try again.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on a {Method} request: {ExceptionType}")]
    private static partial void Unhandled(ILogger logger, string method, string exceptionType);
}
