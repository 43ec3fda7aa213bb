using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Step 5 of routing: while nothing tells where the citizen is, the central desk holds the conversation and asks
/// them, in their language (Dutch and French when it cannot be told), with reply buttons / quick replies. Their answer
/// comes back through the webhooks and routes the conversation (a <c>WHERE:</c> payload, a place named, a location
/// shared). While the citizen's language is not known the question also offers the choice of language
/// (<see cref="LanguageChoice"/>: a WhatsApp list of the three answers and the four languages); a citizen who then
/// chooses a language and is still to say where they are is asked again, in that language, once per language.
/// </summary>
internal sealed class IntakeQuestion(MessageLog messages, OutboundQueue queue, PendingSends pending, OwnAccounts ownAccounts, LanguageChoice choice, PrivacyNotice privacy)
    : IMessageRecordedHandler
{
    public const string ShareLocationPayload = ConversationRouter.WherePayloadPrefix + "SHARE";
    public const string InBelgiumPayload = ConversationRouter.WherePayloadPrefix + "BE";
    public const string OtherCountryPayload = ConversationRouter.WherePayloadPrefix + "OTHER";

    private readonly CitizenTexts _texts = CitizenTexts.LoadEmbedded();

    /// <summary>Asks when nothing tells where the citizen is; once per conversation (the question's id derives from it), also after a redelivery.</summary>
    public Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken) =>
        // A citizen from a crisis's area gets the crisis's message instead (CrisisMessageReply).
        result is { NeedsIntake: true, CrisisReplyDue: false } ? AskAsync(activity, result, cancellationToken) : Task.CompletedTask;

    public async Task AskAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken)
    {
        if (ownAccounts.IsOurs(activity.From.Id) || activity.From.Id == activity.Recipient.Id)
        {
            // Never ask ourselves: the processor keeps such items out of threads, this keeps them out of the outbox too.
            return;
        }

        var languages = Languages.ReplyLanguages(result.Language);
        if (activity.Payload == OtherCountryPayload)
        {
            // They chose "another country": ask them to type it (once per such answer).
            var hint = InLanguages.Join(languages, language => _texts.Get(CitizenTextKeys.ReplyOtherCountryHint, language));
            var hintId = $"intake-hint:{result.ConversationId}:{activity.ChannelMessageId}";
            hint = await privacy.AddAsync(result.PrivacyNotice, hintId, languages, hint, InLanguages.MessageLimit, cancellationToken);
            await SendAsync(activity, result, hintId, hint, [], null, cancellationToken);
            return;
        }

        var text = InLanguages.Join(languages, language => _texts.Get(CitizenTextKeys.IntakeQuestion, language) + "\n\n" + _texts.Get(CitizenTextKeys.IntakeExplanation, language));
        QuickReply[] replies =
        [
            new(ShareLocationPayload, Title(CitizenTextKeys.ReplyShareLocation, languages)),
            new(InBelgiumPayload, Title(CitizenTextKeys.ReplyInBelgium, languages)),
            new(OtherCountryPayload, Title(CitizenTextKeys.ReplyOtherCountry, languages)),
        ];

        // One question per conversation: its id derives from the conversation, so a redelivery re-queues the same one
        // (and the sender sends it only once). A citizen who chose their language is asked again in it, once per language.
        var chosen = activity.Payload is { } payload && payload.StartsWith(ContactBook.LanguagePayloadPrefix, StringComparison.Ordinal) && Languages.IsKnown(result.Language);
        var replyId = chosen ? $"intake:{result.ConversationId}:{result.Language}" : $"intake:{result.ConversationId}";
        text = await privacy.AddAsync(result.PrivacyNotice, replyId, languages, text, chosen ? choice.Room(activity.Channel, null, hasReplies: true) : choice.Room(activity.Channel, result, hasReplies: true), cancellationToken);
        if (!chosen && choice.Add(activity.Channel, result, text, replies) is { } offer)
        {
            await SendAsync(activity, result, replyId, offer.Text, offer.Replies, offer.Label, cancellationToken);
            return;
        }

        await SendAsync(activity, result, replyId, text, replies, null, cancellationToken);
    }

    /// <summary>A button's title in the reply languages when both fit its 20 characters ("nl / fr"), else in the first.</summary>
    private string Title(string key, IReadOnlyList<string> languages)
    {
        var both = string.Join(" / ", languages.Select(language => _texts.Get(key, language)));
        return both.Length <= 20 ? both : _texts.Get(key, languages[0]);
    }

    private async Task SendAsync(
        ChannelActivity activity, RecordResult result, string replyId, string text, IReadOnlyList<QuickReply> replies, string? label, CancellationToken cancellationToken)
    {
        var send = new OutboundMessage(
            replyId, result.ConversationId, string.Empty, activity.Channel, activity.Recipient.Id, activity.From.Id, activity.From.PhoneNumber, text, replies, ChoicesLabel: label);
        var rowKey = await messages.AppendOutboundAsync(
            result.ConversationId, replyId, "intake", text, replies, cancellationToken,
            beforeAdd: async row => send = await pending.AddAsync(send with { MessageRowKey = row }, cancellationToken),
            onHeader: label is null ? null : h => h.LanguageChoiceOffered = true);
        await queue.EnqueueAsync(send with { MessageRowKey = rowKey }, cancellationToken);
    }
}
