using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Puts a conversation in the search index when a citizen's message opens it (idempotent: upserts), from what
/// recording the message knew (its post, the contact's name): no read, and no call at all when there is no name.
/// </summary>
internal sealed class SearchIndexer(ConversationSearchIndex index) : IMessageRecordedHandler
{
    public Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken) =>
        result.OpenedConversation
            ? result.PostId is { } postId
                ? index.IndexAsync(result.ConversationId, postId, result.ContactName, tags: null, activity.Timestamp, cancellationToken)
                : index.IndexAsync(result.ConversationId, null, cancellationToken)
            : Task.CompletedTask;
}
