namespace ConsularHelpdesk.Crises;

/// <summary>What a crisis's dashboard shows, counted from its own rows (<see cref="CrisisConversations"/>): nothing else is read.</summary>
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

    public static CrisisDashboard Of(IReadOnlyCollection<CrisisConversation> rows)
    {
        var byLevel = Levels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        var byChannel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int waiting = 0, answered = 0, closed = 0;
        CrisisConversation? oldest = null;
        foreach (var row in rows)
        {
            byLevel[row.Level] = byLevel.GetValueOrDefault(row.Level) + 1;
            byChannel[row.Channel] = byChannel.GetValueOrDefault(row.Channel) + 1;
            switch (row.State)
            {
                case CrisisConversationStates.Waiting:
                    waiting++;
                    if (row.WaitingSince is { } since && (oldest is null || since < oldest.WaitingSince))
                    {
                        oldest = row;
                    }

                    break;
                case CrisisConversationStates.Closed:
                    closed++;
                    break;
                default:
                    answered++;
                    break;
            }
        }

        return new CrisisDashboard(rows.Count, waiting, answered, closed, byLevel, byChannel, oldest?.WaitingSince, oldest?.ConversationId);
    }
}
