namespace ConsularHelpdesk.Audit;

/// <summary>One row of the audit as it is read back: who did what to which conversation, when (no message text, no citizen identifier).</summary>
internal sealed record AuditEntry(DateTimeOffset At, string PostId, string Actor, string Action, string ConversationId, string? Details);
