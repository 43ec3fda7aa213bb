using ConsularHelpdesk.Ingest;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Ingest;

/// <summary>
/// Processes queued webhook bodies. An exception leaves the message in the queue; the host retries it after
/// visibilityTimeout and moves it to inbound-poison after maxDequeueCount attempts (host.json).
/// </summary>
public sealed class InboundQueueFunction(InboundProcessor processor)
{
    /// <summary>
    /// A trigger's queue name is fixed at build time, so Storage:Prefix must be empty in the Functions app (the
    /// core would otherwise send to another queue than this one); <see cref="InboundQueueTriggerExtensions"/> checks it at start.
    /// </summary>
    public const string QueueName = "inbound";

    [Function("InboundQueue")]
    public async Task RunAsync(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        await processor.ProcessAsync(message, cancellationToken);
}
