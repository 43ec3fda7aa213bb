namespace ConsularHelpdesk.Threads;

/// <summary>What recording a message did: where it went, and whether it opened the conversation.</summary>
/// <param name="OpenedConversation">This message opened the conversation (also on its redelivery: the id derives from it).</param>
/// <param name="NeedsIntake">Nothing strong tells where the citizen is yet: they should be asked.</param>
/// <param name="PostId">The post the conversation is at after this message, when the header was written or read.</param>
/// <param name="ContactName">The citizen's profile name as the contact holds it (what follows a message need not read it again).</param>
/// <param name="MovedFromPost">The post this message's routing moved the conversation away from, if it did.</param>
internal sealed record RecordResult(
    RecordOutcome Outcome, string ConversationId, bool OpenedConversation, bool NeedsIntake, string? Language, string? PostId = null, string? ContactName = null, string? MovedFromPost = null)
{
    /// <summary>The closure period an automatic acknowledgement already covered (the header's <see cref="ThreadHeaderEntity.AcknowledgedPeriod"/>).</summary>
    public string? AcknowledgedPeriod { get; init; }

    /// <summary>The open crisis that tagged the conversation (it is from the crisis's area), if any.</summary>
    public string? CrisisId { get; init; }

    /// <summary>
    /// The citizen is to get the crisis's message with this message (instead of the acknowledgement or the intake
    /// question): the conversation's first message in the crisis and the citizen's claim on it (<see cref="Crises.CrisisReplies"/>:
    /// not had in another conversation), or a redelivery in the conversation that holds the claim (the reply's id makes
    /// the send once). False for a citizen who had it in another conversation: answered as any.
    /// </summary>
    public bool CrisisReplyDue { get; init; }

    /// <summary>The conversation's level after this message (<see cref="ConversationLevel.Effective"/>).</summary>
    public Distress.DistressLevel Level { get; init; }

    /// <summary>
    /// Set when this message raised the conversation to urgent or critical (its row key, also on a redelivery): what
    /// follows (the duty officer told, the emergency reply) happens for it, once.
    /// </summary>
    public string? RaiseId { get; init; }

    /// <summary>The citizen got the emergency reply already (the header's <see cref="ThreadHeaderEntity.EmergencyReplied"/>).</summary>
    public bool EmergencyReplied { get; init; }

    /// <summary>The conversation's citizen was offered the choice of language already (the header's <see cref="ThreadHeaderEntity.LanguageChoiceOffered"/>).</summary>
    public bool LanguageChoiceOffered { get; init; }

    /// <summary>The post the citizen was told handles their case (the header's <see cref="ThreadHeaderEntity.PostNoticeFor"/>), if any.</summary>
    public string? PostNoticeFor { get; init; }

    /// <summary>
    /// When the conversation came to its post (<see cref="RoutingHistory.ArrivedAt"/>), read only while the citizen is
    /// still to be told of it: with the post it names the notice of that move (<c>Replies/PostNotice.ReplyId</c>).
    /// </summary>
    public DateTimeOffset? PostArrivedAt { get; init; }

    /// <summary>
    /// The contact's privacy notice as read when the message was recorded: given already (<see cref="ContactEntity.PrivacyNoticeAt"/>),
    /// and the keyed hash of the reply that carries it (<see cref="ContactEntity.PrivacyNoticeReply"/>), so that the automatic reply
    /// that follows reads nothing to know whether it carries it.
    /// </summary>
    public PrivacyNoticeState PrivacyNotice { get; init; } = PrivacyNoticeState.None;
}
