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
/// both posts, and final for automatic routing (a later signal never moves it back). A conversation waiting for an
/// answer gets the new post's response target: its due time from the new post's working day, its escalation anew.
/// </summary>
internal sealed class ConversationTransfers(ConversationHeaders headers, PostCatalog catalog, ThreadStore threads, IDeadlineIndex deadlines, AuditLog audit, TimeProvider time)
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

            // The target follows the post: a normal due time is the end of the post's working day, and the people to
            // tell are the new post's. Same wait (WaitingSince), new due time and index row, escalation from the start.
            // The new row is written before the header that points at it (a failure there changes nothing; a header
            // that loses its race leaves the row over, and the sweep removes it when it meets it).
            string? replaced = null;
            var retargeted = from != post.Id && header.State == ThreadStates.Open && Waiting.IsWaiting(header);
            if (retargeted)
            {
                replaced = header.DeadlineKey;
                deadlines.Schedule(header);
                deadlines.CheckAssignee(header);
                if (replaced != header.DeadlineKey)
                {
                    await deadlines.WriteAsync(header, cancellationToken);
                }
            }

            if (!await threads.SaveHeaderAsync(header, from, cancellationToken))
            {
                continue;
            }

            // The transfer is done from here on: the old row's removal is best effort (a row the header no longer
            // points at is left over, which the sweep removes), and the audit is written whatever it did.
            if (retargeted && replaced != header.DeadlineKey)
            {
                try
                {
                    await deadlines.RemoveAsync(replaced, CancellationToken.None);
                }
                catch (RequestFailedException)
                {
                    // Left over for the sweep.
                }
            }

            var details = $"from {from} to {post.Id}: {reason}";
            await audit.RecordAsync(from, actor, "transfer-out", conversationId, details, CancellationToken.None);
            if (from != post.Id)
            {
                await audit.RecordAsync(post.Id, actor, "transfer-in", conversationId, details, CancellationToken.None);
            }

            return TransferOutcome.Transferred;
        }
    }
}
