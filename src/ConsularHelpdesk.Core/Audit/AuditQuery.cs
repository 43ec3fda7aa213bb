namespace ConsularHelpdesk.Audit;

/// <summary>
/// What to read: one post's entries between two days (both included, UTC), optionally of one agent and/or one conversation.
/// </summary>
internal sealed record AuditQuery(string PostId, DateOnly From, DateOnly To, string? Actor, string? ConversationId);
