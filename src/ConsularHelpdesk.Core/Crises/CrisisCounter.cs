using Azure.Data.Tables;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// What a conversation adds to its counter row (<see cref="CrisisKeys.Counter"/>) and how the rows add up: one to
/// <c>Conversations</c>, to its state (<c>Waiting</c>, <c>Answered</c>, <c>Closed</c>), to <c>Level_{level}</c> and to
/// <c>Channel_{channel}</c>. A row also names its post (<c>PostId</c>), so that a list is counted per post.
/// </summary>
internal static class CrisisCounter
{
    public const string Conversations = "Conversations";
    public const string LevelPrefix = "Level_";
    public const string ChannelPrefix = "Channel_";
    private const int MaxName = 32;

    /// <summary>The counts a conversation in this state adds (property name → 1).</summary>
    public static IEnumerable<string> Contribution(CrisisConversation row) =>
    [
        Conversations,
        row.State switch
        {
            CrisisConversationStates.Waiting => "Waiting",
            CrisisConversationStates.Closed => "Closed",
            _ => "Answered",
        },
        LevelPrefix + Name(row.Level),
        ChannelPrefix + Name(row.Channel),
    ];

    /// <summary>Adds <paramref name="delta"/> to a count of the row.</summary>
    public static void Add(TableEntity counter, string property, int delta) =>
        counter[property] = (counter.GetInt32(property) ?? 0) + delta;

    /// <summary>The counts of some counter rows together (property name → sum).</summary>
    public static Dictionary<string, int> Sum(IEnumerable<TableEntity> counters)
    {
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var counter in counters)
        {
            foreach (var (property, value) in counter)
            {
                if (value is int count)
                {
                    sums[property] = sums.GetValueOrDefault(property) + count;
                }
            }
        }

        return sums;
    }

    /// <summary>A level's or channel's name as a property name's end: letters and digits, at most 32 (a channel is an enum's name, a level one of four).</summary>
    private static string Name(string value)
    {
        var name = new string([.. value.Where(char.IsAsciiLetterOrDigit).Take(MaxName)]);
        return name.Length == 0 ? "other" : name;
    }
}
