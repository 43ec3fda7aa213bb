using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// Step 5 of routing: while nothing tells where the citizen is, the central desk holds the conversation and asks
/// them, in their language (English when unknown), with reply buttons / quick replies. Their answer comes back
/// through the webhooks and routes the conversation (a <c>WHERE:</c> payload, a place named, a location shared).
/// </summary>
internal sealed class IntakeQuestion(MessageLog messages, OutboundQueue queue, PendingSends pending, OwnAccounts ownAccounts) : IMessageRecordedHandler
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

        var language = Languages.ReplyLanguage(result.Language ?? Languages.Unknown);
        if (activity.Payload == OtherCountryPayload)
        {
            // They chose "another country": ask them to type it (once per such answer).
            var hint = _texts.Get(CitizenTextKeys.ReplyOtherCountryHint, language);
            await SendAsync(activity, result, $"intake-hint:{result.ConversationId}:{activity.ChannelMessageId}", hint, [], cancellationToken);
            return;
        }

        var text = _texts.Get(CitizenTextKeys.IntakeQuestion, language) + "\n\n" + _texts.Get(CitizenTextKeys.IntakeExplanation, language);
        QuickReply[] replies =
        [
            new(ShareLocationPayload, _texts.Get(CitizenTextKeys.ReplyShareLocation, language)),
            new(InBelgiumPayload, _texts.Get(CitizenTextKeys.ReplyInBelgium, language)),
            new(OtherCountryPayload, _texts.Get(CitizenTextKeys.ReplyOtherCountry, language)),
        ];

        // One question per conversation: its id derives from the conversation, so a redelivery re-queues the same one
        // (and the sender sends it only once).
        await SendAsync(activity, result, $"intake:{result.ConversationId}", text, replies, cancellationToken);
    }

    private async Task SendAsync(ChannelActivity activity, RecordResult result, string replyId, string text, IReadOnlyList<QuickReply> replies, CancellationToken cancellationToken)
    {
        var send = new OutboundMessage(replyId, result.ConversationId, string.Empty, activity.Channel, activity.Recipient.Id, activity.From.Id, activity.From.PhoneNumber, text, replies);
        var rowKey = await messages.AppendOutboundAsync(
            result.ConversationId, replyId, "intake", text, replies, cancellationToken,
            beforeAdd: async row => send = await pending.AddAsync(send with { MessageRowKey = row }, cancellationToken));
        await queue.EnqueueAsync(send with { MessageRowKey = rowKey }, cancellationToken);
    }
}
