using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Media;

/// <summary>
/// After a citizen's message with files is stored, queues their download (the <c>media</c> queue): the webhook's
/// answer and the message's recording never wait for Meta's media servers. A redelivered message queues it again,
/// which the downloader absorbs (what is final is not fetched again).
/// </summary>
internal sealed class MediaDownloads(MediaQueue queue, StorageKeys keys) : IMessageRecordedHandler
{
    public Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken)
    {
        if (activity is not { Type: ActivityTypes.Message, IsEcho: false } || result.ConversationId.Length == 0 || !activity.Attachments.Any(MediaTypes.IsDownloadable))
        {
            return Task.CompletedTask;
        }

        var rowKey = MessageLog.RowKeyOf(activity, keys.MessageKey(activity));
        return queue.EnqueueAsync(new MediaJob(result.ConversationId, rowKey, activity.Channel), cancellationToken);
    }
}
