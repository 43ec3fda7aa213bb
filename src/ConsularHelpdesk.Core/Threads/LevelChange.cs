using ConsularHelpdesk.Distress;

namespace ConsularHelpdesk.Threads;

/// <summary>What a raise did: whether the conversation exists, whether its level moved, and from what to what.</summary>
internal sealed record LevelChange(bool Found, bool Changed, DistressLevel Before, DistressLevel After)
{
    public static LevelChange NotFound { get; } = new(false, false, DistressLevel.None, DistressLevel.None);
}
