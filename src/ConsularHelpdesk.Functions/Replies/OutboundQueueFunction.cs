using ConsularHelpdesk.Replies;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Replies;

/// <summary>
/// Sends queued messages to citizens through the Graph API. An exception (429/5xx after the HTTP retries) leaves
/// the message in the queue for another attempt, then in outbound-poison (host.json maxDequeueCount).
/// </summary>
public sealed class OutboundQueueFunction(OutboundSender sender)
{
    public const string QueueName = "outbound";

    [Function("OutboundQueue")]
    public Task RunAsync(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        sender.HandleAsync(message, cancellationToken);
}
