using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Triage;

/// <summary>What the triage API logs: the kind of failure, never the request, its headers or the exception's message (personal data).</summary>
internal static partial class TriageLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Triage call {Method} {Route} failed: {ExceptionType}")]
    public static partial void Failed(ILogger logger, string method, string route, string exceptionType);
}
