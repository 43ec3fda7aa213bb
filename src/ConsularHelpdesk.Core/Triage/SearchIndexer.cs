using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>Puts a conversation in the search index when a citizen's message opens it (idempotent: upserts).</summary>
internal sealed class SearchIndexer(ConversationSearchIndex index) : IMessageRecordedHandler
{
    public Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken) =>
        result.OpenedConversation ? index.IndexAsync(result.ConversationId, null, cancellationToken) : Task.CompletedTask;
}
