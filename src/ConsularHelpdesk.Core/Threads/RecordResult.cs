namespace ConsularHelpdesk.Threads;

/// <summary>What recording a message did: where it went, and whether it opened the conversation.</summary>
/// <param name="NeedsIntake">Nothing strong tells where the citizen is yet: they should be asked.</param>
public sealed record RecordResult(RecordOutcome Outcome, string ConversationId, bool OpenedConversation, bool NeedsIntake, string? Language);
