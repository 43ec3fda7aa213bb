namespace ConsularHelpdesk.Threads;

/// <summary>
/// Tags a conversation with a crisis from outside its message path (the conversations of the area when a crisis opens):
/// the crisis's id on the header and the level raised to at least elevated, saved on the header's ETag (again on a
/// concurrent change) like an agent's change, so that the inbox and the crisis's row follow.
/// </summary>
internal sealed class CrisisTags(ConversationHeaders headers, ThreadStore threads, TimeProvider time)
{
    private const int MaxAttempts = 20;

    /// <summary>True when this call tagged it; false when it does not exist, is closed or carries the crisis already.</summary>
    public async Task<bool> TagAsync(string conversationId, string crisisId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var header = await headers.FindAsync(conversationId, cancellationToken);
            if (header is not { State: ThreadStates.Open } || header.CrisisId == crisisId)
            {
                return false;
            }

            header.CrisisId = crisisId;
            CrisisLevel.Raise(header, crisisId, time.GetUtcNow());
            if (await threads.SaveHeaderAsync(header, null, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
