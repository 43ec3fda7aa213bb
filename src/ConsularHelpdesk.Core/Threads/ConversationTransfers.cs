using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Threads;

internal enum TransferOutcome
{
    Transferred,
    ConversationNotFound,
    PostNotFound,
}

/// <summary>
/// Moves a conversation to another post by hand, with a reason: recorded in the routing history, audited on
/// both posts, and final for automatic routing (a later signal never moves it back).
/// </summary>
internal sealed class ConversationTransfers(ConversationHeaders headers, PostCatalog catalog, ThreadStore threads, AuditLog audit, TimeProvider time)
{
    /// <param name="mayMoveFrom">Whether the conversation may leave its current post (the agent serves it); checked at each attempt.</param>
    public async Task<TransferOutcome> TransferAsync(string conversationId, string toPostId, string reason, string actor, CancellationToken cancellationToken, Func<string, bool>? mayMoveFrom = null)
    {
        if (!catalog.TryGet(toPostId, out var post))
        {
            return TransferOutcome.PostNotFound;
        }

        while (true)
        {
            if (await headers.GetAsync(conversationId, cancellationToken) is not { } header || (mayMoveFrom is not null && !mayMoveFrom(header.PostId)))
            {
                return TransferOutcome.ConversationNotFound;
            }

            var from = header.PostId;
            var decision = new RoutingDecision(post.Id, RoutingStep.Manual, $"Transferred by hand to {post.NameEn}: {reason}", null, [],
                RoutingReason.Of(RoutingReason.Manual, RoutingReason.PostArg(post.Id), reason));
            RoutingHistory.Apply(header, decision, actor, time.GetUtcNow());
            if (!await threads.SaveHeaderAsync(header, from, cancellationToken))
            {
                continue;
            }

            var details = $"from {from} to {post.Id}: {reason}";
            await audit.RecordAsync(from, actor, "transfer-out", conversationId, details, cancellationToken);
            if (from != post.Id)
            {
                await audit.RecordAsync(post.Id, actor, "transfer-in", conversationId, details, cancellationToken);
            }

            return TransferOutcome.Transferred;
        }
    }
}
