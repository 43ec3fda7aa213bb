using Microsoft.AspNetCore.Diagnostics;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Outside Development, an unhandled exception answers a bare 500 problem: no stack trace, no echo of the request
/// (its headers carry cookies). The log gets the exception's type only: its message can hold personal data.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        Unhandled(logger, httpContext.Request.Method, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = null,
            ProblemDetails = { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong on our side; try again." },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on a {Method} request: {ExceptionType}")]
    private static partial void Unhandled(ILogger logger, string method, string exceptionType);
}
