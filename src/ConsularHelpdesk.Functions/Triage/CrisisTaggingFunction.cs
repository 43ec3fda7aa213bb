using ConsularHelpdesk.Triage;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Triage;

/// <summary>
/// Tags the rest of a newly opened crisis's conversations, a batch per message. An exception leaves the message in
/// the queue for another attempt, then in crisis-tagging-poison (host.json maxDequeueCount).
/// </summary>
public sealed class CrisisTaggingFunction(CrisisTagging tagging)
{
    public const string QueueName = "crisis-tagging";

    [Function("CrisisTagging")]
    public Task RunAsync(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        tagging.HandleAsync(message, cancellationToken);
}
