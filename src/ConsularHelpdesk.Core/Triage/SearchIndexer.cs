using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Puts a conversation in the search index when a citizen's message opens it (idempotent: upserts), from what
/// recording the message knew (its post, the contact's name): no read, and no call at all when there is no name.
/// When a message's routing moves the conversation (the central desk's intake answer), indexes it under its new post
/// and removes the rows of the post it left: that message only, so other messages cost the index nothing.
/// </summary>
internal sealed class SearchIndexer(ConversationSearchIndex index) : IMessageRecordedHandler
{
    public Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken) => result switch
    {
        { OpenedConversation: true, PostId: { } postId } => index.IndexAsync(result.ConversationId, postId, result.ContactName, tags: null, activity.Timestamp, cancellationToken),
        { OpenedConversation: true } => index.IndexAsync(result.ConversationId, null, cancellationToken),
        { MovedFromPost: { } left } => index.IndexAsync(result.ConversationId, left, cancellationToken),
        _ => Task.CompletedTask,
    };
}
