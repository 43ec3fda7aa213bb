using ConsularHelpdesk.Crises;

namespace ConsularHelpdesk.Threads;

/// <summary>What a crisis does to a conversation's header, and the row of it the crisis keeps.</summary>
internal static class CrisisLevel
{
    /// <summary>Raises the conversation to at least elevated (never lowers, never over an agent's choice).</summary>
    /// <remarks>The conversation levels' rule (<see cref="ConversationLevel.RaiseAutomatically"/>): elevated changes no target and tells nobody.</remarks>
    public static void Raise(ThreadHeaderEntity header, string crisisId, DateTimeOffset at) =>
        ConversationLevel.RaiseAutomatically(header, Distress.DistressLevel.Elevated, $"crisis:{crisisId}", $"crisis:{crisisId}", at);

    /// <summary>The level the crisis list and counts show: the conversation's (none only when an agent lowered it).</summary>
    public static string Of(ThreadHeaderEntity header) => ConversationLevel.Name(ConversationLevel.Effective(header));

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
