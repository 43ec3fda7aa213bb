namespace ConsularHelpdesk.Crises;

/// <summary>
/// What a crisis's dashboard shows: the sums of its counter rows and the first row of its waiting index
/// (<see cref="CrisisKeys"/>), so that a poll reads the same few rows however many conversations the crisis tagged.
/// </summary>
/// <param name="Conversations">Every conversation from the area the crisis tagged.</param>
/// <param name="Waiting">Not yet answered: the citizen waits for a person.</param>
/// <param name="Answered">Open, and a person answered the citizen's last message.</param>
/// <param name="Closed">Closed since.</param>
/// <param name="OldestWaitingSince">Since when the longest-waiting citizen waits (null: nobody waits).</param>
internal sealed record CrisisDashboard(
    int Conversations,
    int Waiting,
    int Answered,
    int Closed,
    IReadOnlyDictionary<string, int> ByLevel,
    IReadOnlyDictionary<string, int> ByChannel,
    DateTimeOffset? OldestWaitingSince,
    string? OldestWaitingConversationId)
{
    public static readonly IReadOnlyList<string> Levels = ["none", "elevated", "urgent", "critical"];

    /// <summary>The dashboard of the counter rows' sums (<see cref="CrisisCounter.Sum"/>) and the oldest waiting conversation, if any.</summary>
    public static CrisisDashboard Of(IReadOnlyDictionary<string, int> sums, (DateTimeOffset Since, string ConversationId)? oldest)
    {
        var byLevel = Levels.ToDictionary(l => l, l => sums.GetValueOrDefault(CrisisCounter.LevelPrefix + l), StringComparer.Ordinal);
        var byChannel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (property, count) in sums)
        {
            if (property.StartsWith(CrisisCounter.LevelPrefix, StringComparison.Ordinal) && count != 0)
            {
                byLevel[property[CrisisCounter.LevelPrefix.Length..]] = count;
            }
            else if (property.StartsWith(CrisisCounter.ChannelPrefix, StringComparison.Ordinal) && count != 0)
            {
                byChannel[property[CrisisCounter.ChannelPrefix.Length..]] = count;
            }
        }

        return new CrisisDashboard(
            sums.GetValueOrDefault(CrisisCounter.Conversations),
            sums.GetValueOrDefault("Waiting"),
            sums.GetValueOrDefault("Answered"),
            sums.GetValueOrDefault("Closed"),
            byLevel,
            byChannel,
            oldest?.Since,
            oldest?.ConversationId);
    }
}
