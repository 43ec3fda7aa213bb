using System.Text.Json;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Media;

/// <summary>
/// The <c>media</c> queue's step: downloads the files of one citizen's message and writes each one's state on the
/// message row (loading until then; available with type and size; failed with a reason). Idempotent: an attachment
/// whose state is final is not downloaded again, and a state is written on the row's ETag, so a redelivery or two
/// copies of the step leave one answer. Any failure of an attempt but the host's stopping (Meta unreachable or 429/5xx
/// after the HTTP retries, a body cut off, a storage error, a timeout) is counted on the row, and the job is queued
/// again after a growing delay (<see cref="MediaOptions.RetryDelay"/> × 4ⁿ, at most an hour), so that an outage of
/// Meta's of an hour or two is waited out; at <see cref="MediaOptions.MaxAttempts"/> the attachment is failed
/// (unavailable). A job that cannot be queued again is thrown back to the queue, which delivers it again.
/// </summary>
public sealed partial class MediaDownloader : IQueueHandler
{
    private const int MaxWrites = 5;

    private readonly MediaQueue queue;
    private readonly MessageLog messages;
    private readonly MediaFetcher fetcher;
    private readonly MediaOptions options;
    private readonly ILogger<MediaDownloader> logger;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor.
    internal MediaDownloader(MediaQueue queue, MessageLog messages, MediaFetcher fetcher, IOptions<MediaOptions> options, ILogger<MediaDownloader> logger)
    {
        this.queue = queue;
        this.messages = messages;
        this.fetcher = fetcher;
        this.options = options.Value;
        this.logger = logger;
    }

    public string QueueName => queue.QueueName;

    /// <summary>Downloads at once on a self-host (<see cref="MediaOptions.Concurrency"/>): a file's bytes go through this machine.</summary>
    public int? MaxConcurrency => options.Concurrency;

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        var job = MediaQueue.Read(message);
        var row = await messages.GetAsync(job.ConversationId, job.RowKey, cancellationToken);
        if (row is not { Direction: Directions.Inbound, Attachments: { } json })
        {
            return;
        }

        var attachments = JsonSerializer.Deserialize(json, ThreadJsonContext.Default.IReadOnlyListChannelAttachment) ?? [];
        var items = MediaItems.Of(row.Media);
        int? retryAfterAttempt = null;
        for (var index = 0; index < attachments.Count && index < MediaItems.Max; index++)
        {
            var attachment = attachments[index];
            if (!MediaTypes.IsDownloadable(attachment) || items.GetValueOrDefault(index) is { } known && MediaStates.IsFinal(known.State))
            {
                continue;
            }

            MediaItem outcome;
            try
            {
                outcome = await fetcher.FetchAsync(job.Channel, job.ConversationId, job.RowKey, index, attachment, cancellationToken);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // Whatever went wrong counts as an attempt (a failure left uncounted would keep the file loading for
                // ever once the queue gave up on the message); only the host's stopping is no attempt.
                var attempts = (items.GetValueOrDefault(index)?.Attempts ?? 0) + 1;
                outcome = attempts >= options.MaxAttempts
                    ? new MediaItem(index, MediaStates.Failed, Reason: MediaReasons.Unavailable, Attempts: attempts)
                    : new MediaItem(index, MediaStates.Loading, Attempts: attempts);
                if (outcome.State == MediaStates.Loading)
                {
                    retryAfterAttempt = Math.Max(retryAfterAttempt ?? 0, attempts);
                }

                LogAttemptFailed(job.Channel, attachment.ContentKind, attempts, options.MaxAttempts, e.GetType().Name);
            }

            items = await SaveAsync(job, outcome, cancellationToken) ?? items;
            LogDone(job.Channel, attachment.ContentKind, outcome.State, outcome.Reason, outcome.Size);
        }

        if (retryAfterAttempt is { } attempt)
        {
            await queue.EnqueueAsync(job, options.RetryDelayAfter(attempt), cancellationToken);
        }
    }

    /// <summary>Writes one item's state on the row's ETag, reading again on a concurrent change; a final state found there stays.</summary>
    private async Task<Dictionary<int, MediaItem>?> SaveAsync(MediaJob job, MediaItem outcome, CancellationToken cancellationToken)
    {
        for (var write = 0; write < MaxWrites; write++)
        {
            var row = await messages.GetAsync(job.ConversationId, job.RowKey, cancellationToken);
            if (row is null)
            {
                return null;
            }

            var items = MediaItems.Of(row.Media);
            if (items.GetValueOrDefault(outcome.Index) is { } stored && MediaStates.IsFinal(stored.State))
            {
                return items;
            }

            items[outcome.Index] = outcome;
            row.Media = JsonSerializer.Serialize<IReadOnlyList<MediaItem>>([.. items.Values.OrderBy(i => i.Index)], MediaJsonContext.Default.IReadOnlyListMediaItem);
            if (await messages.TryReplaceAsync(row, cancellationToken))
            {
                return items;
            }
        }

        throw new InvalidOperationException("The message row kept changing while the media state was written.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} {Kind} download failed for a passing reason (attempt {Attempt} of {Max}: {Error})")]
    private partial void LogAttemptFailed(ChannelKind channel, string kind, int attempt, int max, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} {Kind} download: {State} {Reason} ({Bytes} bytes)")]
    private partial void LogDone(ChannelKind channel, string kind, string state, string? reason, long? bytes);
}
