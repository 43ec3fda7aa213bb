namespace ConsularHelpdesk.Audit;

/// <summary>A page of the audit, newest first, and the token of the next one (null at the end).</summary>
internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? Continuation);
