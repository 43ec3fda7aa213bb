using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// What a message of the thread view says about others and about itself beyond its content: the message it answers
/// (quoted from the thread already read: no call more), the citizen's reaction, an edit, an unsupported type's name.
/// </summary>
internal static class MessageRelations
{
    /// <summary>The longest excerpt of a quoted message.</summary>
    public const int MaxExcerpt = 100;

    private const string UnsupportedPrefix = "Unsupported WhatsApp message type: ";

    /// <summary>The thread's messages by their channel id (a reaction notice names none that could be quoted).</summary>
    public static Dictionary<string, MessageEntity> ByChannelId(IEnumerable<MessageEntity> rows)
    {
        var index = new Dictionary<string, MessageEntity>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row is { ChannelMessageId: { Length: > 0 } id } && row.ActivityType != ActivityTypes.MessageReaction)
            {
                index.TryAdd(id, row);
            }
        }

        return index;
    }

    public static MessageView With(MessageView view, MessageEntity row, IReadOnlyDictionary<string, MessageEntity> byChannelId)
    {
        var isReaction = row.ActivityType == ActivityTypes.MessageReaction;
        var unsupported = row.Kind == ContentKinds.Unsupported;
        return view with
        {
            // A reaction's row (a reaction to a message not in this thread, or one recorded before reactions changed their message) is a notice.
            Kind = isReaction ? MessageChanges.ReactionKind : view.Kind,
            Text = isReaction ? null : unsupported ? UnsupportedText(row.Text) : view.Text,
            Reaction = isReaction ? row.Reaction : row.CitizenReaction,
            ReplyTo = isReaction || row.ReplyToId is not { Length: > 0 } target ? null : Quote(target, byChannelId),
            EditedAt = row.EditedAt,
            OriginalText = row.EditedAt is null ? null : row.OriginalText,
            UnsupportedType = unsupported ? UnsupportedType(row.Text) : null,
        };
    }

    private static QuoteView Quote(string target, IReadOnlyDictionary<string, MessageEntity> byChannelId) =>
        byChannelId.TryGetValue(target, out var quoted)
            ? new QuoteView(true, quoted.RowKey, quoted.Direction, quoted.Kind, Excerpt(quoted))
            : new QuoteView(false);

    /// <summary>The quoted message's text (or what stands for it), at most <see cref="MaxExcerpt"/> characters; null when it has none (the page names its kind).</summary>
    internal static string? Excerpt(MessageEntity message)
    {
        var text = message.Kind == ContentKinds.Unsupported ? null : message.Text ?? message.LocationName;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.ReplaceLineEndings(" ").Trim();
        if (text.Length <= MaxExcerpt)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[MaxExcerpt - 2]) ? MaxExcerpt - 2 : MaxExcerpt - 1; // never half an emoji
        return text[..cut] + "…";
    }

    // The parsers name an unsupported message in English for the raw record; the page names it in the agent's language.
    private static string? UnsupportedType(string? text) =>
        text is not null && text.StartsWith(UnsupportedPrefix, StringComparison.Ordinal) ? text[UnsupportedPrefix.Length..] : null;

    private static string? UnsupportedText(string? text) =>
        text is null || text.StartsWith("Unsupported WhatsApp message", StringComparison.Ordinal) || text == "Unsupported Messenger message" ? null : text;
}
