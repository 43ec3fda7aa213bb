namespace ConsularHelpdesk.Crises;

/// <summary>
/// A conversation a crisis tagged, as its dashboard and list show it: a projection of the conversation's header, kept
/// in the crisis's own partition so that the counts are a read of that partition only.
/// </summary>
/// <param name="State"><see cref="CrisisConversationStates"/>: waiting (for a person's answer), answered, closed.</param>
/// <param name="Level">none, elevated, urgent or critical.</param>
internal sealed record CrisisConversation(
    string ConversationId,
    string PostId,
    string Channel,
    string Level,
    string State,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? LastInboundAt,
    DateTimeOffset LastActivityAt,
    string? Area,
    string? Preview,
    long Revision);

internal static class CrisisConversationStates
{
    public const string Waiting = "waiting";
    public const string Answered = "answered";
    public const string Closed = "closed";
}
