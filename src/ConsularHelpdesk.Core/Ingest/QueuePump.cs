using Azure.Storage.Queues.Models;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// The self-host's queue triggers, with the Functions semantics: at-least-once, a visibility timeout while a
/// message is processed, and after <see cref="QueuePumpOptions.MaxDequeueCount"/> failed attempts the message
/// moves to <c>&lt;queue&gt;-poison</c>, where <see cref="ReplayPoisonAsync"/> can bring it back after a fix.
/// </summary>
internal sealed partial class QueuePump(StorageClients storage, IEnumerable<IQueueHandler> handlers, IOptions<QueuePumpOptions> options, TimeProvider time, ILogger<QueuePump> logger)
{
    private readonly QueuePumpOptions _options = options.Value;
    private readonly IReadOnlyList<IQueueHandler> _handlers = [.. handlers];

    public IEnumerable<string> QueueNames => _handlers.Select(h => h.QueueName);

    /// <summary>Pumps every handler's queue until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_handlers.Select(h => RunAsync(h, cancellationToken)));

    private async Task RunAsync(IQueueHandler handler, CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromMilliseconds(50);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await PumpOnceAsync(handler, cancellationToken) > 0)
                {
                    idle = TimeSpan.FromMilliseconds(50);
                    continue;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // An outage, or a failure to move or delete one message: the pump must outlive both (the message
                // becomes visible again and is retried), as the Functions host outlives a failing trigger.
                LogPumpFailed(e.GetType().Name);
                idle = _options.MaxPollingInterval;
            }

            await Task.Delay(idle, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollingInterval.Ticks));
        }
    }

    /// <summary>Receives one batch and handles it; returns how many messages it received.</summary>
    private async Task<int> PumpOnceAsync(IQueueHandler handler, CancellationToken cancellationToken)
    {
        // A handler that takes fewer at once also receives fewer: a received message waits for no other before it starts.
        var batch = handler.MaxConcurrency is { } most ? Math.Clamp(most, 1, _options.BatchSize) : _options.BatchSize;
        QueueMessage[] messages = await storage.Queue(handler.QueueName).ReceiveMessagesAsync(batch, _options.VisibilityTimeout, cancellationToken);
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = handler.MaxConcurrency is null ? -1 : batch };
        await Parallel.ForEachAsync(messages, parallel, (message, ct) => HandleAsync(handler, message, ct));
        return messages.Length;
    }

    private async ValueTask HandleAsync(IQueueHandler handler, QueueMessage message, CancellationToken cancellationToken)
    {
        var queueName = handler.QueueName;
        var queue = storage.Queue(queueName);
        var popReceipt = message.PopReceipt;
        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Like the Functions host: while the handler works, keep the message invisible to other readers.
        var renewal = Task.Run(async () =>
        {
            var every = _options.VisibilityTimeout / 2;
            while (!working.IsCancellationRequested)
            {
                await Task.Delay(every, time, working.Token);
                var receipt = await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: working.Token);
                popReceipt = receipt.Value.PopReceipt;
            }
        }, CancellationToken.None);

        Exception? failure = null;
        try
        {
            await handler.HandleAsync(message.MessageText, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            failure = e;
        }
        finally
        {
            await working.CancelAsync();
            try
            {
                await renewal;
            }
            catch (Exception e) when (e is OperationCanceledException or Azure.RequestFailedException)
            {
            }
        }

        try
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
            }
            else if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                LogPoisoned(queueName, message.DequeueCount, failure.GetType().Name);
                await storage.Queue(StorageNames.PoisonQueue(queueName)).SendMessageAsync(message.MessageText, cancellationToken);
                await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
            }
            else
            {
                LogFailed(queueName, message.DequeueCount, _options.MaxDequeueCount, failure.GetType().Name);
                await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: _options.RetryDelay, cancellationToken: cancellationToken);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The message was meanwhile handled or moved by another reader: nothing left to do for this one.
        }
    }

    /// <summary>Moves every message of a poison queue back to its queue (after a fix); returns how many moved.</summary>
    public async Task<int> ReplayPoisonAsync(string queueName, CancellationToken cancellationToken)
    {
        var poison = storage.Queue(StorageNames.PoisonQueue(queueName));
        var queue = storage.Queue(queueName);
        var moved = 0;
        while (true)
        {
            QueueMessage[] batch = await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken);
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                // Sent first, deleted second: a crash in between duplicates a message, which processing absorbs.
                await queue.SendMessageAsync(message.MessageText, cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }

        LogReplayed(queueName, moved);
        return moved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the queue failed ({Error}); retrying")]
    private partial void LogPumpFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing a message of {Queue} failed (attempt {Attempt} of {Max}, {Error}); it will be retried")]
    private partial void LogFailed(string queue, long attempt, int max, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message of {Queue} failed {Attempts} times ({Error}); moved to the poison queue")]
    private partial void LogPoisoned(string queue, long attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} poison messages into {Queue}")]
    private partial void LogReplayed(string queue, int count);
}
