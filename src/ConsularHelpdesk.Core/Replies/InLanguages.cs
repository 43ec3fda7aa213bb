namespace ConsularHelpdesk.Replies;

/// <summary>
/// One message in each of the languages a citizen is written to in (<see cref="Routing.Text.Languages.ReplyLanguages"/>):
/// the text alone in one language, or the Dutch and the French text one after the other, set apart by a line, when
/// nothing could tell the citizen's language.
/// </summary>
internal static class InLanguages
{
    /// <summary>What sets the languages apart in one message.</summary>
    public const string Separator = "\n\n— — —\n\n";

    /// <summary>The longest text a message may carry on every channel (Messenger's limit; WhatsApp's is 4,096).</summary>
    public const int MessageLimit = 2000;

    /// <summary>The longest text message of the channel: WhatsApp's 4,096 characters, Messenger's 2,000 (the same as the agents' replies).</summary>
    public static int TextLimit(Channels.ChannelKind channel) => channel == Channels.ChannelKind.WhatsApp ? 4096 : MessageLimit;

    /// <summary>The text in each language, in one message; only the first language's when all of them would not fit in one message.</summary>
    public static string Join(IReadOnlyList<string> languages, Func<string, string> textIn)
    {
        if (languages.Count == 1)
        {
            return textIn(languages[0]);
        }

        var joined = string.Join(Separator, languages.Select(textIn));
        return joined.Length <= MessageLimit ? joined : textIn(languages[0]);
    }
}
