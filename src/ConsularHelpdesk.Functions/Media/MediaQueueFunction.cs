using ConsularHelpdesk.Media;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Media;

/// <summary>
/// Downloads the files of a citizen's message from Meta into the media container. An exception (Meta unreachable,
/// 429 or 5xx after the HTTP retries) leaves it for another attempt, then in media-poison (host.json maxDequeueCount).
/// </summary>
public sealed class MediaQueueFunction(MediaDownloader downloader)
{
    public const string QueueName = "media";

    [Function("MediaQueue")]
    public Task RunAsync(
        [QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken) =>
        downloader.HandleAsync(message, cancellationToken);
}
