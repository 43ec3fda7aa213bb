namespace ConsularHelpdesk.Ingest;

/// <summary>What processes the messages of one queue (a Functions queue trigger calls the same).</summary>
internal interface IQueueHandler
{
    string QueueName { get; }

    /// <summary>
    /// The most messages of this queue one self-host handles at once (null: the pump's batch, as many as the machine
    /// has cores at a time); a heavy step (a download of a citizen's file) sets fewer, so that it leaves the
    /// webhook's answers their share of the machine.
    /// </summary>
    int? MaxConcurrency => null;

    /// <summary>Throws when the message must be retried (and, after the last attempt, kept in the poison queue).</summary>
    Task HandleAsync(string message, CancellationToken cancellationToken);
}
