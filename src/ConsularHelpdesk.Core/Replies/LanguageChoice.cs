using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The choice of language offered with the first automatic message to a citizen whose language is not known (nothing
/// could be told, or another language than the four): Nederlands, Français, Deutsch, English as WhatsApp list rows or
/// Messenger quick replies, answered with <c>LANG:xx</c>, which the contact keeps and which wins over detection from
/// then on (<see cref="ContactBook.LanguageOf"/>). Once per conversation: the header keeps that it was offered
/// (<see cref="ThreadHeaderEntity.LanguageChoiceOffered"/>), in the same transaction as the message's row.
/// </summary>
internal sealed class LanguageChoice(AutoReplyTexts texts)
{
    /// <summary>WhatsApp refuses an interactive message whose body is longer: such a text goes without the choice, which the next automatic message offers.</summary>
    public const int WhatsAppBodyLimit = 1024;

    /// <summary>The language choice's answers, <c>LANG:nl</c>…, each language named in itself.</summary>
    public static IReadOnlyList<QuickReply> Replies { get; } =
        [.. Languages.Choices.Select(c => new QuickReply(ContactBook.LanguagePayloadPrefix + c.Code, c.Name))];

    /// <summary>Whether the message that follows <paramref name="result"/> is to offer the choice.</summary>
    public static bool IsDue(RecordResult result) => !Languages.IsKnown(result.Language) && !result.LanguageChoiceOffered;

    /// <summary>
    /// The longest text an automatic message may have before the choice's prompt is added (when it is due): WhatsApp's
    /// interactive body (<see cref="WhatsAppBodyLimit"/>) for a WhatsApp message with answers or the choice, else the
    /// limit every channel takes (<see cref="InLanguages.MessageLimit"/>).
    /// </summary>
    public int Room(ChannelKind channel, RecordResult? result, bool hasReplies)
    {
        var due = result is not null && IsDue(result);
        var limit = channel == ChannelKind.WhatsApp && (hasReplies || due) ? WhatsAppBodyLimit : InLanguages.MessageLimit;
        return due ? limit - texts.LanguageChoicePrompt().Length - 2 : limit;
    }

    /// <summary>
    /// The message with the choice added after <paramref name="replies"/> (the intake question's), when it is due and
    /// fits; otherwise null, and the message goes as it was.
    /// </summary>
    public Offer? Add(ChannelKind channel, RecordResult result, string text, IReadOnlyList<QuickReply> replies)
    {
        if (!IsDue(result))
        {
            return null;
        }

        var withPrompt = text + "\n\n" + texts.LanguageChoicePrompt();
        if (withPrompt.Length > (channel == ChannelKind.WhatsApp ? WhatsAppBodyLimit : InLanguages.MessageLimit))
        {
            return null;
        }

        return new Offer(withPrompt, [.. replies, .. Replies], texts.ChoicesLabel(Languages.ReplyLanguages(result.Language)));
    }

    /// <summary>A message with the language choice: its text (with the prompt), its answers and the label of WhatsApp's list button.</summary>
    internal sealed record Offer(string Text, IReadOnlyList<QuickReply> Replies, string Label);
}
