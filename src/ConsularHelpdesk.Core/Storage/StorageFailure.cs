using Azure;

namespace ConsularHelpdesk.Storage;

internal static class StorageFailure
{
    /// <summary>Storage cannot be reached or is failing (not a logical error such as a conflict).</summary>
    public static bool IsOutage(Exception e) => e switch
    {
        RequestFailedException r => r.Status is 0 or >= 500 || r.InnerException is HttpRequestException,
        HttpRequestException => true,
        AggregateException a => a.InnerExceptions.All(IsOutage),
        // A timeout inside the SDK or the transport, whichever cancellation type it surfaces as (callers that pass their
        // own token tell their own cancellation apart before they ask).
        OperationCanceledException or TimeoutException => true,
        _ => false,
    };
}
