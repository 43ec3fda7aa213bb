using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The privacy notice: a short text in the citizen's language(s) with the link to the ministry's privacy page
/// (<see cref="PrivacyNoticeOptions"/>), carried by the first automatic message written to a citizen (acknowledgement,
/// greeting, intake question, crisis message, post notice, emergency reply: whichever comes first), once per contact
/// whatever conversations they open.
/// </summary>
/// <remarks>
/// The rule, on redeliveries and failures: the contact records the reply that carries the notice (its reply id's keyed
/// hash, when, in which language) <em>before</em> that reply is written, on the contact's ETag, so two replies written
/// at once cannot both carry it. A redelivery writes the same reply id, finds itself recorded (in what the record path
/// read: no extra call) and carries the notice again: the sender sends that reply id once, and if the first attempt
/// stopped before the reply was written or sent, the redelivery writes and queues it with the notice (the queue and the
/// stuck-reply sweep retry a send that fails). Any other reply reads that it was given and carries nothing. The
/// notice never rides a template (automatic messages are never templates) nor an agent's answer. It is appended after
/// the text and is never clipped: when both do not fit in the message (the limit given to <see cref="AddAsync"/>),
/// the text is clipped, marked with an ellipsis — unless the caller says its text must go whole (the crisis's message):
/// then the notice waits for the next automatic message (nothing is recorded).
/// </remarks>
internal sealed class PrivacyNotice(ContactBook contacts, StorageKeys keys, AutoReplyTexts texts, IOptions<PrivacyNoticeOptions> options, TimeProvider time)
{
    private const string Separator = "\n\n";

    /// <summary>
    /// <paramref name="text"/> with the notice after it when the reply <paramref name="replyId"/> is to carry it (and
    /// the contact then records so), else <paramref name="text"/> as it is.
    /// </summary>
    /// <param name="state">Where the contact stands, as the record path read it (<see cref="RecordResult.PrivacyNotice"/>).</param>
    /// <param name="limit">The longest the message may be (what follows, such as the language choice's prompt, aside).</param>
    /// <param name="whole">The text must go whole: when the notice does not fit beside it, it is not added (nor recorded).</param>
    public async Task<string> AddAsync(
        PrivacyNoticeState state, string replyId, IReadOnlyList<string> languages, string text, int limit, CancellationToken cancellationToken, bool whole = false)
    {
        if (state.ContactKey.Length == 0 || (whole && text.Length + Separator.Length + Notice(languages).Length > limit))
        {
            return text;
        }

        var replyKey = keys.ReplyKey(replyId);
        if (state.Reply != replyKey
            && (state.Given || !await contacts.ClaimPrivacyNoticeAsync(state.ContactKey, replyKey, string.Join(',', languages), time.GetUtcNow(), cancellationToken)))
        {
            return text;
        }

        return With(text, languages, limit);
    }

    /// <summary>The text, clipped if need be, and the notice in each language after it, within <paramref name="limit"/>.</summary>
    internal string With(string text, IReadOnlyList<string> languages, int limit)
    {
        var notice = Notice(languages);
        var room = limit - notice.Length - Separator.Length;
        if (text.Length > room)
        {
            text = text[..Math.Max(0, room - 1)].TrimEnd() + "…";
        }

        return text + Separator + notice;
    }

    private string Notice(IReadOnlyList<string> languages) =>
        string.Join(Separator, languages.Select(language => texts.PrivacyNotice(language, options.Value.UrlFor(language))));
}
