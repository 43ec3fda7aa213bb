using ConsularHelpdesk.Broadcasts;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Broadcasts;

/// <summary>
/// Runs the steps of broadcasts: each message is one step of one broadcast (collect recipients, or hand a page of them
/// to the outbound queue). An exception leaves it for another attempt, then in broadcasts-poison (host.json maxDequeueCount).
/// </summary>
public sealed class BroadcastQueueFunction(BroadcastRunner runner)
{
    public const string QueueName = "broadcasts";

    [Function("BroadcastQueue")]
    public Task RunAsync(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        runner.HandleAsync(message, cancellationToken);
}
