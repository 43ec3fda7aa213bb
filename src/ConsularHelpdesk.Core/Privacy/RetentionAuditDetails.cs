namespace ConsularHelpdesk.Privacy;

/// <summary>
/// The <c>Details</c> of a <c>retention.delete</c> audit entry: what kind went, how many, under which policy, and for
/// conversations what went with them per kind (messages, blobs, index rows). Counts only.
/// </summary>
internal sealed record RetentionAuditDetails(string Kind, int Count, string Policy, IReadOnlyDictionary<string, int>? With);
