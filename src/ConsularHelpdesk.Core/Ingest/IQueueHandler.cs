namespace ConsularHelpdesk.Ingest;

/// <summary>What processes the messages of one queue (a Functions queue trigger calls the same).</summary>
internal interface IQueueHandler
{
    string QueueName { get; }

    /// <summary>Throws when the message must be retried (and, after the last attempt, kept in the poison queue).</summary>
    Task HandleAsync(string message, CancellationToken cancellationToken);
}
