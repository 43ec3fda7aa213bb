using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Which closed conversations the shorter retention period takes (<c>Retention:UnansweredDays</c>): those no person ever
/// answered — only automatic messages of ours went out (<see cref="ThreadHeaderEntity.AnsweredAt"/> never set, on a
/// header that tracks it: <see cref="ThreadHeaderEntity.AnswerTracked"/>, so a conversation opened before answers were
/// tracked is never taken for unanswered) — and those an agent tagged <c>spam</c>. Projected on the inbox's history row
/// (<see cref="InboxEntity.ShortRetention"/>), so the sweep's query finds them without reading other conversations.
/// </summary>
internal static class ShortRetention
{
    public const string SpamTag = "spam";

    public static bool Applies(ThreadHeaderEntity header) =>
        (header.AnswerTracked && header.AnsweredAt is null) || IsSpam(header.Tags);

    public static bool IsSpam(string? tags) =>
        (tags ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(t => TextNormalizer.Key(t) == SpamTag);
}
