using System.Security.Cryptography;
using System.Text;

namespace ConsularHelpdesk.Notifications;

/// <summary>
/// One thing a person must know about a conversation (a response target breached, a conversation taken back from
/// someone away) or about a post (a gap in its cover: no conversation, an empty <see cref="ConversationId"/>). Nothing
/// personal: a post, a conversation id (a hash, not a phone number), why and how far it escalated.
/// </summary>
/// <param name="RecipientId">The agent told.</param>
/// <param name="RecipientRole">Why them: the tier they are in (postDuty, regionalHub, centralDesk, supervisor), or admin (a gap at a post without a supervisor).</param>
/// <param name="Breach">What the notification is about, the same for every sweep that sees it (a due time): with the reason, level and recipient it makes the id.</param>
/// <param name="Reason">breached, reassigned, coverGap or raised (<see cref="NotificationReasons"/>).</param>
/// <param name="Level">1 for the first tier told, 2 for the next, and so on; for <c>raised</c>, the conversation's level (2 urgent, 3 critical).</param>
internal sealed record Notification(string RecipientId, string RecipientRole, string PostId, string ConversationId, string Breach, string Reason, int Level, DateTimeOffset At)
{
    /// <summary>Derived from what it is about and who is told, so that recording it twice (two sweeps at once) finds it there.</summary>
    public string Id { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{ConversationId}|{Breach}|{Reason}|{Level}|{RecipientId}")))[..32];

    /// <summary>The conversation in the triage page (relative: each receiver knows where the help desk is).</summary>
    public string Link => LinkTo(ConversationId);

    /// <summary>The triage page's link to a conversation, or the page itself for a notification about a post.</summary>
    public static string LinkTo(string conversationId) => conversationId.Length == 0 ? "/" : $"/#c={Uri.EscapeDataString(conversationId)}";
}

internal static class NotificationReasons
{
    /// <summary>The first answer is late (past the target, or past it again by the margin).</summary>
    public const string Breached = "breached";

    /// <summary>The conversation went back to unassigned: its assignee was not seen in the triage page for ReassignAfter.</summary>
    public const string Reassigned = "reassigned";

    /// <summary>The roster leaves the post without cover somewhere in the next 24 hours (the daily gap check).</summary>
    public const string CoverGap = "coverGap";

    /// <summary>The conversation was raised to urgent or critical (distress detection, an agent, a crisis): level 2 urgent, 3 critical.</summary>
    public const string Raised = "raised";
}
