using ConsularHelpdesk.Distress;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// The rules of a conversation's level (none, elevated, urgent, critical) on its header, in one place: the automatic
/// level (distress detection, a crisis) only raises and holds back before an agent's choice; an agent sets any level;
/// <see cref="ThreadHeaderEntity.Urgent"/> follows (urgent or critical, or the agent's <c>urgent</c> tag). Pure: the
/// callers write the header (and move its response target when <see cref="ThreadHeaderEntity.Urgent"/> changed).
/// </summary>
internal static class ConversationLevel
{
    /// <summary><see cref="ThreadHeaderEntity.LevelSetBy"/> of distress detection and crisis tagging.</summary>
    public const string Automatic = "auto";

    /// <summary><see cref="ThreadHeaderEntity.LevelSetBy"/> of a level an agent set by hand.</summary>
    public const string Agent = "agent";

    /// <summary>The agents' tag that has meant "urgent" since before levels: it still makes a conversation urgent.</summary>
    public const string UrgentTag = "urgent";

    /// <summary>The longest <see cref="ThreadHeaderEntity.LevelReason"/> stored.</summary>
    public const int MaxReason = 200;

    /// <summary>The API's and the table's name of a level: none, elevated, urgent, critical.</summary>
    public static string Name(DistressLevel level) => level switch
    {
        DistressLevel.Elevated => "elevated",
        DistressLevel.Urgent => "urgent",
        DistressLevel.Critical => "critical",
        _ => "none",
    };

    /// <summary>A level by its name (case-insensitive); null for anything else.</summary>
    public static DistressLevel? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "none" => DistressLevel.None,
        "elevated" => DistressLevel.Elevated,
        "urgent" => DistressLevel.Urgent,
        "critical" => DistressLevel.Critical,
        _ => null,
    };

    /// <summary>The level stored on the header (none when it has none).</summary>
    public static DistressLevel Stored(ThreadHeaderEntity header) => Parse(header.Level) ?? DistressLevel.None;

    /// <summary>What lists sort and show by: the stored level, at least urgent for a conversation tagged urgent (and for headers of before levels).</summary>
    public static DistressLevel Effective(ThreadHeaderEntity header) =>
        header.Urgent && Stored(header) < DistressLevel.Urgent ? DistressLevel.Urgent : Stored(header);

    /// <summary>
    /// Whether an automatic raise to <paramref name="level"/> applies: only upwards; and once an agent set the level by
    /// hand, only to critical (a life at stake is never held back by an earlier human call; anything less, the agent,
    /// who reads the conversation, has decided).
    /// </summary>
    public static bool AutomaticMayRaise(ThreadHeaderEntity header, DistressLevel level) =>
        level > Stored(header) && (header.LevelSetBy != Agent || level == DistressLevel.Critical);

    /// <summary>
    /// Raises the header to <paramref name="level"/> when <see cref="AutomaticMayRaise"/> allows it; returns whether
    /// it did. <paramref name="raiseId"/> names the raise (a message row key, a crisis id), kept for a raise that makes
    /// the conversation urgent or critical (<see cref="ThreadHeaderEntity.LevelRaiseId"/>), so that its effects (the
    /// duty officer told) happen once.
    /// </summary>
    public static bool RaiseAutomatically(ThreadHeaderEntity header, DistressLevel level, string reason, string raiseId, DateTimeOffset at)
    {
        if (!AutomaticMayRaise(header, level))
        {
            return false;
        }

        var before = Effective(header);
        Set(header, level, Automatic, reason, at);
        if (level >= DistressLevel.Urgent && level > before)
        {
            header.LevelRaiseId = raiseId;
        }

        return true;
    }

    /// <summary>
    /// An agent's choice, any level. Lowered below urgent, the <c>urgent</c> tag goes too, so that what the agent
    /// chose is what the lists show. Returns the level before.
    /// </summary>
    public static DistressLevel SetByAgent(ThreadHeaderEntity header, DistressLevel level, string changeId, DateTimeOffset at)
    {
        var before = Effective(header);
        if (level < DistressLevel.Urgent && header.Tags is { } tags)
        {
            var kept = tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(t => !string.Equals(t, UrgentTag, StringComparison.OrdinalIgnoreCase))
                .ToList();
            header.Tags = kept.Count > 0 ? string.Join(',', kept) : null;
        }

        Set(header, level, Agent, Agent, at);
        if (level >= DistressLevel.Urgent && level > before)
        {
            header.LevelRaiseId = changeId;
        }

        return before;
    }

    /// <summary>Urgent from the level or the agent's tag: call after a change of either.</summary>
    public static void SyncUrgent(ThreadHeaderEntity header) =>
        header.Urgent = Stored(header) >= DistressLevel.Urgent || HasUrgentTag(header.Tags);

    public static bool HasUrgentTag(string? tags) =>
        tags is not null && tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(UrgentTag, StringComparer.OrdinalIgnoreCase);

    private static void Set(ThreadHeaderEntity header, DistressLevel level, string by, string reason, DateTimeOffset at)
    {
        header.Level = level == DistressLevel.None ? null : Name(level);
        header.LevelSetBy = by;
        header.LevelSetAt = at;
        header.LevelReason = reason.Length <= MaxReason ? reason : reason[..MaxReason];
        SyncUrgent(header);
    }
}
