namespace ConsularHelpdesk.Privacy;

/// <summary>
/// What names a citizen in the places that hold them in clear (queue messages, webhook bodies, pending sends): their
/// user id and phone number (read from the contact before it is erased), their conversations and their contact key.
/// Kept in memory for one run only.
/// </summary>
internal sealed record CitizenIds(string ContactKey, IReadOnlySet<string> UserIds, IReadOnlySet<string> ConversationIds)
{
    /// <summary>True when a text (a queue message, a pending send) names the citizen.</summary>
    public bool AreIn(string text) =>
        text.Contains(ContactKey, StringComparison.Ordinal)
        || UserIds.Any(id => text.Contains(id, StringComparison.Ordinal))
        || ConversationIds.Any(id => text.Contains(id, StringComparison.Ordinal));
}
