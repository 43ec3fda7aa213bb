using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// Records what comes in on a thread, through the parts that each keep one kind of row (<see cref="ContactBook"/>,
/// <see cref="ConversationHeaders"/>, <see cref="MessageLog"/>, <see cref="InboxProjection"/>). Every write is
/// idempotent, so queue redelivery and Meta's duplicate webhooks are harmless: a message is stored at most once (its
/// row key derives from its id, and its Add fails when it is there), a new conversation's id derives from the message
/// that opened it, and statuses only move forward.
/// </summary>
internal sealed partial class ThreadStore(
    StorageKeys keys, IConversationRouter router, ContactBook contacts, ContactConversations contactIndex, ConversationHeaders headers, MessageLog messages, InboxProjection inbox, SendClaims claims,
    IDeadlineIndex deadlines, ConversationArea areas, AreaActivity areaActivity, OpenCrises crises, CrisisReplies crisisReplies, IDistressAssessor assessor, TimeProvider time,
    ILogger<ThreadStore> logger)
{
    private const int MaxAttempts = 20;

    /// <summary>Appends a citizen's message (or an echo of ours) to the contact's open conversation, opening one when needed.</summary>
    /// <exception cref="ArgumentException">An id of the activity is too long to be Meta's (<see cref="FieldLimits.OversizedId"/>).</exception>
    public async Task<RecordResult> RecordMessageAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        if (FieldLimits.OversizedId(activity) is { } oversized)
        {
            throw new ArgumentException($"The activity's {oversized} is too long to be stored.", nameof(activity));
        }

        // Every field within what a table property and an entity hold, so that one odd field cannot fail the body.
        activity = FieldLimits.Bound(activity);
        var key = keys.MessageKey(activity);
        // A citizen's message is deduplicated by its own row (its Add fails when it is there: see AppendAsync), so it
        // costs no index call; our own messages keep the index, because statuses and echoes find them by Meta's id.
        if (activity.IsEcho && await messages.PointerAsync(key, cancellationToken) is { } known)
        {
            var knownHeader = known.ConversationId is { } id ? await headers.GetAsync(id, cancellationToken) : null;
            return new RecordResult(RecordOutcome.Duplicate, known.ConversationId ?? string.Empty, false, false, knownHeader?.Language);
        }

        if (activity is { IsEcho: true, ChannelMessageId: { } sentId } && MessageLog.ParseEchoMetadata(activity.Payload) is var (sentConversation, sentRow))
        {
            // Our own send, echoed (perhaps before the sender recorded Meta's answer): the thread has it already.
            await claims.MarkSentAsync(sentConversation, sentRow, activity.Channel, sentId, cancellationToken);
            return new RecordResult(RecordOutcome.Duplicate, sentConversation, false, false, null);
        }

        var outbound = activity.IsEcho;
        var citizen = outbound ? activity.Recipient : activity.From;
        var ours = outbound ? activity.From : activity.Recipient;
        var contactKey = keys.ContactKey(activity.Channel, citizen.Id);
        // Echoes of our own messages route a new conversation by the page or number only; they never move one.
        var decision = router.Route(outbound
            ? new RoutingInput(activity.Channel, ours.Id)
            : new RoutingInput(activity.Channel, ours.Id, activity.Text, activity.Location, citizen.PhoneNumber, activity.Payload));
        var (contact, header, storedIn) = await OpenConversationAsync(activity, citizen, contactKey, key, outbound, decision.PostId, cancellationToken);
        if (storedIn is not null)
        {
            LogRecorded(activity.Channel, outbound ? Directions.Outbound : Directions.Inbound, "duplicate");
            return new RecordResult(RecordOutcome.Duplicate, storedIn, false, false, contact.Language);
        }

        var conversationId = contact.OpenConversationId!;

        var postBefore = header?.PostId;
        MessageEntity message;
        bool stored;
        ThreadHeaderEntity? thread;
        bool crisisReplyDue;
        try
        {
            message = await messages.ToEntityAsync(activity, conversationId, key, outbound, cancellationToken);
            var distress = outbound ? null : Assess(activity, contact, message);
            (stored, thread, crisisReplyDue) = await AppendAsync(activity, contact, ours, header, message, decision, outbound, distress, cancellationToken);
        }
        catch (Exception) when (header is null)
        {
            // The contact already points at the conversation this message was to open: if its header never got
            // written, the contact must not be left pointing at nothing (a retry derives the same id and sets it again).
            await ForgetUnwrittenConversationAsync(contactKey, conversationId);
            throw;
        }

        if (outbound)
        {
            await messages.IndexOursAsync(key, conversationId, message.RowKey, cancellationToken);
        }
        else if (thread is not null && areas.Of(thread.PostId, thread.RoutingPlace) is { } area)
        {
            // Who wrote from where (a crisis's citizens, a broadcast's): once per contact, area and day; a redelivery writes the same row.
            await areaActivity.RecordAsync(area, contactKey, activity.Channel, conversationId, ours.Id, message.SentAt, cancellationToken);
        }

        LogRecorded(activity.Channel, outbound ? Directions.Outbound : Directions.Inbound, stored ? "stored" : "duplicate");
        // Opened by this message also on its redelivery (the id derives from it), so that what follows an opening
        // (indexing it for search) is done at least once even when the first attempt stopped before it.
        var opened = (stored && header is null) || conversationId == OpeningId(contactKey, key);
        return new RecordResult(stored ? RecordOutcome.Stored : RecordOutcome.Duplicate, conversationId, opened, !outbound && NeedsIntake(thread), contact.Language, thread?.PostId, contact.ShownName,
            header is not null && thread is not null && postBefore != thread.PostId ? postBefore : null)
        {
            AcknowledgedPeriod = thread?.AcknowledgedPeriod,
            CrisisId = thread?.CrisisId is { } crisis && crises.IsOpen(crisis) ? crisis : null,
            CrisisReplyDue = crisisReplyDue,
            Level = thread is null ? DistressLevel.None : ConversationLevel.Effective(thread),
            // This message made the conversation urgent or critical (also on its redelivery: the header names the raise).
            RaiseId = !outbound && thread?.LevelRaiseId is { } raise && raise == message.RowKey ? raise : null,
            EmergencyReplied = thread?.EmergencyReplied ?? false,
            LanguageChoiceOffered = thread?.LanguageChoiceOffered ?? false,
            PostNoticeFor = thread?.PostNoticeFor,
            PostArrivedAt = thread is not null && thread.PostNoticeFor != thread.PostId ? RoutingHistory.ArrivedAt(thread) : null,
            PrivacyNotice = outbound ? PrivacyNoticeState.None : PrivacyNoticeState.Of(contact),
        };
    }

    /// <summary>
    /// Distress detection on a citizen's text, in the contact's language when known (else detected): the level and the
    /// lists' phrases go on the message row. A failure of the assessment never fails the message (it is logged by type).
    /// </summary>
    private DistressAssessment? Assess(ChannelActivity activity, ContactEntity contact, MessageEntity message)
    {
        if (activity.Type != ActivityTypes.Message || string.IsNullOrWhiteSpace(message.Text))
        {
            return null;
        }

        DistressAssessment assessment;
        try
        {
            assessment = assessor.Assess(message.Text, contact.Language is { } known && Languages.Supported.Contains(known) ? known : null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAssessFailed(e.GetType().Name);
            return null;
        }

        if (assessment.Level > DistressLevel.None || assessment.Matches.Count > 0)
        {
            message.DistressLevel = ConversationLevel.Name(assessment.Level);
            message.DistressMatches = FieldLimits.DistressMatchesJson(assessment.Matches.Select(m => new StoredDistressMatch(m.Category, m.Phrase)));
        }

        return assessment;
    }

    /// <summary>Clears the contact's open conversation (and its row in the contact's index) when it is <paramref name="conversationId"/> and its header does not exist. Best effort.</summary>
    private async Task ForgetUnwrittenConversationAsync(string contactKey, string conversationId)
    {
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var contact = await contacts.GetAsync(contactKey, CancellationToken.None);
                if (contact?.OpenConversationId != conversationId
                    || await headers.GetAsync(conversationId, CancellationToken.None) is not null)
                {
                    return;
                }

                contact.OpenConversationId = null;
                try
                {
                    // On the ETag: a concurrent message of the same citizen may be writing that header right now.
                    await contacts.SaveAsync(contact, isNew: false, CancellationToken.None);
                    // Its row in the citizen's index too (the redelivery that opens it again writes it again): else the
                    // contact would keep a conversation that never was, and never count as having none.
                    await contactIndex.RemoveAsync(contactKey, conversationId, CancellationToken.None);
                    return;
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                }
            }
        }
        catch (Exception e) when (StorageFailure.IsOutage(e) || e is RequestFailedException)
        {
            // Storage is what failed: the redelivery sets the same id again and writes the header then.
            LogForgetFailed(e.GetType().Name);
        }
    }

    /// <summary>Only the phone number, or nothing, tells where the citizen is: the central desk asks them.</summary>
    private static bool NeedsIntake(ThreadHeaderEntity? header) =>
        header is { State: ThreadStates.Open } && (!Enum.TryParse<RoutingStep>(header.RoutingStep, out var step) || step <= RoutingStep.Phone);

    /// <returns>
    /// The contact (pointing at its open conversation) and that conversation's header when it exists; or, when the
    /// message is a redelivery already stored in the conversation that has closed since, that conversation's id.
    /// </returns>
    private async Task<(ContactEntity Contact, ThreadHeaderEntity? Header, string? StoredIn)> OpenConversationAsync(
        ChannelActivity activity, ChannelAccount citizen, string contactKey, string messageKey, bool outbound, string routedTo, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var contact = await contacts.GetAsync(contactKey, cancellationToken);
            var isNew = contact is null;
            contact ??= new ContactEntity { PartitionKey = contactKey, Channel = activity.Channel.ToString(), UserId = citizen.Id };

            ThreadHeaderEntity? header = null;
            if (contact.OpenConversationId is { } openId)
            {
                header = await headers.GetAsync(openId, cancellationToken);
                if (header?.State == ThreadStates.Closed)
                {
                    // The one case the message row's own Add cannot tell a redelivery: it would go to a new
                    // conversation. Rare (a message after a close), so one point read here, none on the usual path.
                    if (await messages.GetAsync(openId, MessageLog.RowKeyOf(activity, messageKey), cancellationToken) is not null)
                    {
                        return (contact, header, openId);
                    }

                    header = null;
                    contact.OpenConversationId = null;
                }
            }

            var changed = isNew;
            ContactConversationEntity? opened = null;
            if (contact.OpenConversationId is null)
            {
                // Derived from the opening message, so that a redelivery after a crash reopens the same conversation.
                contact.OpenConversationId = OpeningId(contactKey, messageKey);
                // The citizen's index of conversations, in the contact's own write (erasure and retention read it).
                opened = ContactConversations.Row(contactKey, contact.OpenConversationId, routedTo, activity.Channel.ToString(), time.GetUtcNow());
                changed = true;
            }

            // Not a reason to write the contact: the header's LastInboundAt is exact, and the reply window takes the
            // later of the two. Kept current whenever the contact is written anyway (a new conversation, a new name).
            if (!outbound && (contact.LastInboundAt is null || contact.LastInboundAt < activity.Timestamp))
            {
                contact.LastInboundAt = activity.Timestamp;
            }

            if (!outbound && ContactBook.LanguageOf(activity, contact) is { } language)
            {
                (contact.Language, contact.LanguageSource) = language;
                changed = true;
            }

            if (citizen.Name is { Length: > 0 } name && contact.ProfileName != name)
            {
                contact.ProfileName = name;
                changed = true;
            }

            if (citizen.PhoneNumber is { Length: > 0 } phone && contact.PhoneNumber != phone)
            {
                contact.PhoneNumber = phone;
                changed = true;
            }

            if (!changed)
            {
                return (contact, header, null);
            }

            try
            {
                await contacts.SaveAsync(contact, isNew, cancellationToken, opened);
                return (contact, header, null);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another message of the same citizen got there first: read again.
            }
        }
    }

    /// <returns>
    /// False when the message was already in the thread (a redelivery after a partial write); the header as written, if
    /// read; whether the crisis's message is to answer it (<see cref="RecordResult.CrisisReplyDue"/>).
    /// </returns>
    private async Task<(bool Stored, ThreadHeaderEntity? Header, bool CrisisReplyDue)> AppendAsync(
        ChannelActivity activity, ContactEntity contact, ChannelAccount ours, ThreadHeaderEntity? header, MessageEntity message, RoutingDecision decision, bool outbound,
        DistressAssessment? distress, CancellationToken cancellationToken)
    {
        var conversationId = contact.OpenConversationId!;
        (string Crisis, bool Claimed)? claim = null; // kept across attempts: claimed once per message
        for (var attempt = 0; ; attempt++)
        {
            string? superseded = null; // a row of an attempt that failed is an orphan the sweep removes when it meets it
            var isNew = header is null;
            var previousPost = header?.PostId;
            header ??= NewHeader(activity, contact, ours);
            if (isNew || (!outbound && decision.Outranks(Enum.TryParse<RoutingStep>(header.RoutingStep, out var step) ? step : RoutingStep.Ask)))
            {
                RoutingHistory.Apply(header, decision, "system", message.SentAt);
            }

            header.Language = contact.Language ?? header.Language;
            if (!outbound && header.State == ThreadStates.Open)
            {
                TagForCrisis(header);
                if (header.CrisisId is { } tagged && header.CrisisReplied != tagged && crises.IsOpen(tagged))
                {
                    // The conversation's first message in the crisis: the crisis's message answers it if the citizen has
                    // not had it in another conversation (claimed once per citizen and crisis). If they have, the header
                    // says so now, in the message's own write: this conversation is answered as any, and its later
                    // messages claim nothing.
                    if (claim?.Crisis != tagged)
                    {
                        claim = (tagged, await crisisReplies.ClaimAsync(tagged, contact.PartitionKey, conversationId, cancellationToken));
                    }

                    if (!claim.Value.Claimed)
                    {
                        header.CrisisReplied = tagged;
                    }
                }
            }

            header.MessageCount++;
            header.Revision++;
            if (message.SentAt >= header.LastActivityAt)
            {
                header.LastActivityAt = message.SentAt;
                header.Preview = MessageLog.Preview(message);
            }

            // Distress raises the level in the same transaction as the message (no call more); only upwards, and after an
            // agent's choice only to critical (ConversationLevel). The raise is named by the message's row key.
            var wasUrgent = header.Urgent;
            if (distress is { Level: > DistressLevel.None } found && header.State == ThreadStates.Open)
            {
                ConversationLevel.RaiseAutomatically(header, found.Level, "distress:" + string.Join(',', found.Categories), message.RowKey, time.GetUtcNow());
            }

            if (!outbound)
            {
                header.UnreadCount++;
                header.LastInboundAt = header.LastInboundAt is { } last && last > message.SentAt ? last : message.SentAt;
                if (header.State == ThreadStates.Open && !Waiting.IsWaiting(header))
                {
                    // The citizen starts waiting: the index row goes first (one call more, on this transition only), so
                    // that a crash before the header leaves a row the sweep finds and clears, never a header without one.
                    header.WaitingSince = message.SentAt;
                    deadlines.Schedule(header);
                    deadlines.CheckAssignee(header); // held by someone: looked at within the reassignment delay too
                    await deadlines.WriteAsync(header, cancellationToken);
                }
                else if (!isNew && (previousPost != header.PostId || header.Urgent != wasUrgent) && header.State == ThreadStates.Open && Waiting.IsWaiting(header))
                {
                    // Routing moved a waiting conversation (the answer to the intake question named where the citizen
                    // is): its due time is the new post's working day, not the central desk's; or distress made it
                    // urgent: due within the urgent target. Since when the citizen waits stays; the new row goes first,
                    // the old one once the header points away from it.
                    var replaced = header.DeadlineKey;
                    deadlines.Schedule(header);
                    deadlines.CheckAssignee(header);
                    await deadlines.WriteAsync(header, cancellationToken);
                    superseded = replaced != header.DeadlineKey ? replaced : null;
                }
            }

            try
            {
                // The message's Add is the dedupe: its key derives from the message, so a redelivery fails it (409).
                await messages.AppendWithHeaderAsync(message, header, isNew, cancellationToken,
                    activity is { IsEcho: false, Type: ActivityTypes.Message, ChannelMessageId.Length: > 0 } ? keys.MessageKey(activity) : null);
                await inbox.UpdateAsync(header, contact.ShownName, previousPost, cancellationToken);
                await deadlines.RemoveAsync(superseded, cancellationToken);
                return (true, header, claim is { Claimed: true } c && c.Crisis == header.CrisisId && crises.IsOpen(c.Crisis));
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                header = await headers.GetAsync(conversationId, cancellationToken);
                if (await messages.GetAsync(conversationId, message.RowKey, cancellationToken) is not null)
                {
                    // Stored by an earlier attempt that may have stopped before the inbox: bring the inbox up to date.
                    if (header is not null)
                    {
                        // The post it left, if routing moved it: its row there goes too (the earlier attempt may not have got to it).
                        await inbox.UpdateAsync(header, contact.ShownName, header.PreviousPostId, cancellationToken);
                    }

                    return (false, header, await RedeliveredCrisisReplyDueAsync(header, contact.PartitionKey, claim, outbound, cancellationToken));
                }
            }
        }
    }

    /// <summary>
    /// A redelivered citizen's message of a tagged conversation: the crisis's message is due again (the same reply, which
    /// the sender sends once) when this conversation holds the citizen's claim; one the citizen got elsewhere is not.
    /// </summary>
    private async Task<bool> RedeliveredCrisisReplyDueAsync(ThreadHeaderEntity? header, string contactKey, (string Crisis, bool Claimed)? claim, bool outbound, CancellationToken cancellationToken)
    {
        if (outbound || header is not { CrisisId: { } tagged, State: ThreadStates.Open } || !crises.IsOpen(tagged))
        {
            return false;
        }

        return claim?.Crisis == tagged ? claim.Value.Claimed : await crisisReplies.ClaimAsync(tagged, contactKey, header.PartitionKey, cancellationToken);
    }

    /// <summary>
    /// A conversation from the area of an open crisis (the open crises are in memory: no call) carries the crisis's id
    /// on its header, written with the message; the inbox projection then keeps its row in the crisis's partition.
    /// </summary>
    private void TagForCrisis(ThreadHeaderEntity header)
    {
        if (areas.Of(header.PostId, header.RoutingPlace) is { } area && crises.Covering(area) is { } crisis && header.CrisisId != crisis.Id)
        {
            header.CrisisId = crisis.Id;
            CrisisLevel.Raise(header, crisis.Id, time.GetUtcNow());
        }
    }

    private ThreadHeaderEntity NewHeader(ChannelActivity activity, ContactEntity contact, ChannelAccount ours) => new()
    {
        PartitionKey = contact.OpenConversationId!,
        Channel = activity.Channel.ToString(),
        ContactKey = contact.PartitionKey,
        ChannelAccountId = ours.Id,
        PostId = Posts.Central,
        CreatedAt = time.GetUtcNow(),
        LastActivityAt = DateTimeOffset.MinValue,
        AnswerTracked = true,
    };

    /// <summary>
    /// Writes a header an agent or a transfer changed: a new revision, the header's ETag as the condition (false on a
    /// concurrent change, with nothing written), then the inbox. The one place a changed header is saved this way.
    /// </summary>
    /// <param name="contact">The conversation's contact when the caller has read it already (for the inbox's name).</param>
    internal async Task<bool> SaveHeaderAsync(ThreadHeaderEntity header, string? previousPost, CancellationToken cancellationToken, ContactEntity? contact = null)
    {
        header.Revision++;
        if (!await headers.TryReplaceAsync(header, cancellationToken))
        {
            return false;
        }

        contact ??= await contacts.OfAsync(header, cancellationToken);
        await inbox.UpdateAsync(header, contact?.ShownName, previousPost, cancellationToken);
        return true;
    }

    /// <summary>The post's inbox after a change of the header: kept here for callers outside Threads (<see cref="InboxProjection.UpdateAsync"/>).</summary>
    internal Task UpdateInboxAsync(ThreadHeaderEntity header, string? contactName, string? previousPost, CancellationToken cancellationToken) =>
        inbox.UpdateAsync(header, contactName, previousPost, cancellationToken);

    /// <summary>The id of a conversation a message opens: derived from it, so that a redelivery after a crash reopens the same one.</summary>
    private static string OpeningId(string contactKey, string messageKey) => "c" + Hash(contactKey + ":" + messageKey)[..24];

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} {Direction} message {Outcome}")]
    private partial void LogRecorded(ChannelKind channel, string direction, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Distress detection failed on a message ({Error}); it is recorded without a level")]
    private partial void LogAssessFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message failed before its new conversation was written, and the contact could not be cleared ({Error}); the redelivery completes it")]
    private partial void LogForgetFailed(string error);
}
