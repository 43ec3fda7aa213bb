using Azure;
using ConsularHelpdesk.Distress;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Raises a conversation's level from outside its message path (crisis tagging, any feature that knows more): "at
/// least L, for reason R", by the same rule as distress detection (<see cref="ConversationLevel.RaiseAutomatically"/>:
/// only upwards, and not over an agent's choice but to critical). Writes the header on its ETag (again on a concurrent
/// change), moves the response target when the conversation became urgent, and tells the duty officer of a raise to
/// urgent or critical, once per <c>raiseId</c>.
/// </summary>
internal sealed class ConversationLevels(ConversationHeaders headers, ThreadStore threads, IDeadlineIndex deadlines, ILevelAlert alert, TimeProvider time)
{
    private const int MaxAttempts = 20;

    /// <param name="reason">Why, as data (<c>crisis:{id}</c>), never a citizen's words; at most <see cref="ConversationLevel.MaxReason"/> characters kept.</param>
    /// <param name="raiseId">Names this raise (a crisis id): the same id twice tells nobody twice.</param>
    public async Task<LevelChange> RaiseAsync(string conversationId, DistressLevel atLeast, string reason, string raiseId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var header = await headers.FindAsync(conversationId, cancellationToken);
            if (header is null)
            {
                return LevelChange.NotFound;
            }

            var before = ConversationLevel.Effective(header);
            var wasUrgent = header.Urgent;
            if (!ConversationLevel.RaiseAutomatically(header, atLeast, reason, raiseId, time.GetUtcNow()))
            {
                return new LevelChange(true, false, before, before);
            }

            var replaced = Retarget(header, wasUrgent);
            if (!await threads.SaveHeaderAsync(header, null, cancellationToken))
            {
                if (attempt < MaxAttempts)
                {
                    continue; // changed meanwhile: read again and decide again
                }

                throw new RequestFailedException(412, "The conversation kept changing; its level was not raised.");
            }

            await AfterAsync(header, replaced, cancellationToken);
            var after = ConversationLevel.Effective(header);
            if (header.LevelRaiseId == raiseId && after >= DistressLevel.Urgent && after > before)
            {
                await alert.RaisedAsync(header.PartitionKey, header.PostId, after, raiseId, cancellationToken);
            }

            return new LevelChange(true, true, before, after);
        }
    }

    /// <summary>
    /// When the urgency changed while the citizen waits, the header gets the new due time (written with it) and this
    /// returns the index row it replaces; null when nothing moves.
    /// </summary>
    public string? Retarget(ThreadHeaderEntity header, bool wasUrgent)
    {
        if (header.Urgent == wasUrgent || !Waiting.IsWaiting(header))
        {
            return null;
        }

        var old = header.DeadlineKey;
        deadlines.Schedule(header);
        deadlines.CheckAssignee(header); // held by someone: the reassignment check stays
        return old ?? string.Empty;
    }

    /// <summary>
    /// After the header that points at it: writes the new index row, then removes the old one. Best effort: a crash or
    /// an error in between leaves the old row, and the sweep, meeting it, writes the header's row.
    /// </summary>
    public async Task AfterAsync(ThreadHeaderEntity header, string? replaced, CancellationToken cancellationToken)
    {
        if (replaced is null)
        {
            return;
        }

        try
        {
            await deadlines.WriteAsync(header, cancellationToken);
            await deadlines.RemoveAsync(replaced.Length > 0 && replaced != header.DeadlineKey ? replaced : null, cancellationToken);
        }
        catch (RequestFailedException)
        {
            // Left for the sweep (above).
        }
    }
}
