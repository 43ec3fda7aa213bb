using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Queues again the replies a crash left between their thread write and their enqueue (still pending after the grace
/// period), and those a sender abandoned mid-send (its claim's lease ran out). It reads only the due rows of the
/// pending-sends index, at most a batch per run, and each row is handled on its own, so a sweep cut short is simply
/// continued by the next. The sender's claim by ETag makes a duplicate queue message harmless: each reply id is sent
/// once.
/// </summary>
public sealed partial class StuckReplySweeper
{
    private readonly PendingSends pending;
    private readonly SendClaims claims;
    private readonly OutboundQueue queue;
    private readonly IOptions<StuckReplyOptions> options;
    private readonly ILogger<StuckReplySweeper> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal StuckReplySweeper(PendingSends pending, SendClaims claims, OutboundQueue queue, IOptions<StuckReplyOptions> options, ILogger<StuckReplySweeper> logger)
    {
        this.pending = pending;
        this.claims = claims;
        this.queue = queue;
        this.options = options;
        this.logger = logger;
    }

    /// <summary>A send queued again and still not done waits twice as long each time, up to this many doublings.</summary>
    private const int MaxBackoffDoublings = 5;

    internal async Task<StuckReplySweep> SweepAsync(CancellationToken cancellationToken)
    {
        var grace = options.Value.Grace;
        int requeued = 0, deferred = 0, cleared = 0;
        foreach (var send in await pending.DueAsync(options.Value.BatchSize, cancellationToken))
        {
            switch (await claims.SendStateAsync(send.Message.ConversationId, send.Message.MessageRowKey, OutboundSender.SendLease, cancellationToken))
            {
                case SendState.Finished:
                    await pending.RemoveAsync(send.Key, cancellationToken);
                    cleared++;
                    break;
                case SendState.Sending:
                    await pending.RescheduleAsync(send, grace, cancellationToken);
                    deferred++;
                    break;
                case SendState.Waiting:
                    // Moved first, queued second: a crash in between leaves the row to the next sweep.
                    var backoff = grace * Math.Pow(2, Math.Min(send.Attempts, MaxBackoffDoublings));
                    if (await pending.RescheduleAsync(send, backoff, cancellationToken) is { } message)
                    {
                        await queue.EnqueueAsync(message, cancellationToken);
                        requeued++;
                    }

                    break;
            }
        }

        if (requeued + deferred + cleared > 0)
        {
            LogSwept(requeued, deferred, cleared);
        }

        return new StuckReplySweep(requeued, deferred, cleared);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stuck reply sweep: {Requeued} queued again, {Deferred} still being sent, {Cleared} finished")]
    private partial void LogSwept(int requeued, int deferred, int cleared);
}
