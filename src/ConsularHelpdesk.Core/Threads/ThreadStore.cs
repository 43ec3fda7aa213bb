using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Threads;

internal enum SendClaim
{
    /// <summary>This sender sends it.</summary>
    Claimed,

    /// <summary>Sent already, or gone: nothing to do.</summary>
    Done,

    /// <summary>Another sender is at it: try again after its lease.</summary>
    Busy,
}

internal enum RecordOutcome
{
    Stored,
    Duplicate,
}

/// <summary>What recording a message did: where it went, and whether it opened the conversation.</summary>
/// <param name="NeedsIntake">Nothing strong tells where the citizen is yet: they should be asked.</param>
internal sealed record RecordResult(RecordOutcome Outcome, string ConversationId, bool OpenedConversation, bool NeedsIntake, string? Language);

/// <summary>
/// Conversation threads in Table Storage. Every write is idempotent, so queue redelivery and Meta's duplicate
/// webhooks are harmless: a message is stored at most once (its row key and an index row derive from its id),
/// a new conversation's id derives from the message that opened it, and statuses only move forward.
/// </summary>
internal sealed partial class ThreadStore(StorageClients storage, StorageKeys keys, IConversationRouter router, TimeProvider time, ILogger<ThreadStore> logger)
{
    /// <summary>A table string property holds 64 KiB (32 K UTF-16 characters); larger raw JSON goes to a blob.</summary>
    private const int MaxInlineRawJson = 30_000;
    private const int MaxAttempts = 20;
    private const string StatusRowPrefix = "status-";
    private const string PendingStatus = "Pending";
    private const string SendingStatus = "Sending";

    private const string EchoMetadataPrefix = "helpdesk:";

    /// <summary>The metadata sent with a Messenger message, so that its echo finds the row it came from.</summary>
    public static string EchoMetadata(string conversationId, string rowKey) => $"{EchoMetadataPrefix}{conversationId}|{rowKey}";

    private static (string ConversationId, string RowKey)? ParseEchoMetadata(string? metadata) =>
        metadata is not null && metadata.StartsWith(EchoMetadataPrefix, StringComparison.Ordinal) && metadata[EchoMetadataPrefix.Length..].Split('|') is [{ Length: > 0 } conversation, { Length: > 0 } row]
            ? (conversation, row)
            : null;

    /// <summary>Quick replies that choose a language carry <c>LANG:</c> and the code (<c>LANG:fr</c>).</summary>
    public const string LanguagePayloadPrefix = "LANG:";

    private TableClient Conversations => storage.Table(storage.Names.Conversations);

    private TableClient Contacts => storage.Table(storage.Names.Contacts);

    private TableClient Index => storage.Table(storage.Names.MessageIndex);

    private TableClient Inbox => storage.Table(storage.Names.Inbox);

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
        if (await GetAsync<MessageIndexEntity>(Index, key, MessageIndexEntity.PointerRowKey, cancellationToken) is { } known)
        {
            // A redelivery after a crash must still ask the question the first attempt did not get to, in the
            // language the thread knows (the header keeps the contact's language).
            var knownHeader = known.ConversationId is { } id ? await GetAsync<ThreadHeaderEntity>(Conversations, id, ThreadHeaderEntity.HeaderRowKey, cancellationToken) : null;
            return new RecordResult(RecordOutcome.Duplicate, known.ConversationId ?? string.Empty, false, !activity.IsEcho && NeedsIntake(knownHeader), knownHeader?.Language);
        }

        if (activity is { IsEcho: true, ChannelMessageId: { } sentId } && ParseEchoMetadata(activity.Payload) is var (sentConversation, sentRow))
        {
            // Our own send, echoed (perhaps before the sender recorded Meta's answer): the thread has it already.
            await MarkSentAsync(sentConversation, sentRow, activity.Channel, sentId, cancellationToken);
            return new RecordResult(RecordOutcome.Duplicate, sentConversation, false, false, null);
        }

        var outbound = activity.IsEcho;
        var citizen = outbound ? activity.Recipient : activity.From;
        var ours = outbound ? activity.From : activity.Recipient;
        var contactKey = keys.ContactKey(activity.Channel, citizen.Id);
        var (contact, header) = await OpenConversationAsync(activity, citizen, contactKey, key, outbound, cancellationToken);
        var conversationId = contact.OpenConversationId!;

        MessageEntity message;
        bool stored;
        ThreadHeaderEntity? thread;
        try
        {
            message = await ToMessageEntityAsync(activity, conversationId, key, outbound, cancellationToken);
            // Echoes of our own messages route a new conversation by the page or number only; they never move one.
            var decision = router.Route(outbound
                ? new RoutingInput(activity.Channel, ours.Id)
                : new RoutingInput(activity.Channel, ours.Id, activity.Text, activity.Location, citizen.PhoneNumber, activity.Payload));
            (stored, thread) = await AppendAsync(activity, contact, ours, header, message, decision, outbound, cancellationToken);
        }
        catch (Exception) when (header is null)
        {
            // The contact already points at the conversation this message was to open: if its header never got
            // written, the contact must not be left pointing at nothing (a retry derives the same id and sets it again).
            await ForgetUnwrittenConversationAsync(contactKey, conversationId);
            throw;
        }

        await AddIgnoringConflictAsync(Index, new MessageIndexEntity { PartitionKey = key, ConversationId = conversationId, MessageRowKey = message.RowKey }, cancellationToken);
        if (outbound)
        {
            await ApplyPendingStatusesAsync(key, conversationId, message.RowKey, cancellationToken);
        }

        LogRecorded(activity.Channel, outbound ? Directions.Outbound : Directions.Inbound, stored ? "stored" : "duplicate");
        return new RecordResult(stored ? RecordOutcome.Stored : RecordOutcome.Duplicate, conversationId, stored && header is null, !outbound && NeedsIntake(thread), contact.Language);
    }

    /// <summary>Clears the contact's open conversation when it is <paramref name="conversationId"/> and its header does not exist. Best effort.</summary>
    private async Task ForgetUnwrittenConversationAsync(string contactKey, string conversationId)
    {
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var contact = await GetAsync<ContactEntity>(Contacts, contactKey, string.Empty, CancellationToken.None);
                if (contact?.OpenConversationId != conversationId
                    || await GetAsync<ThreadHeaderEntity>(Conversations, conversationId, ThreadHeaderEntity.HeaderRowKey, CancellationToken.None) is not null)
                {
                    return;
                }

                contact.OpenConversationId = null;
                try
                {
                    // On the ETag: a concurrent message of the same citizen may be writing that header right now.
                    await Contacts.UpdateEntityAsync(contact, contact.ETag, TableUpdateMode.Replace, CancellationToken.None);
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

    /// <summary>A sent, delivered, read or failed status of one of our messages; kept until the message is recorded if it comes first.</summary>
    public async Task ApplyStatusAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        var status = activity.Status ?? throw new ArgumentException("Not a status activity.", nameof(activity));
        var errors = FieldLimits.ErrorsJson(FieldLimits.Bound(activity).Errors);
        var ids = status.MessageIds.Concat(status.MessageId is null ? [] : [status.MessageId]).Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var key = keys.MessageKey(activity.Channel, id);
            var pointer = await GetAsync<MessageIndexEntity>(Index, key, MessageIndexEntity.PointerRowKey, cancellationToken);
            if (pointer is null)
            {
                // The status came before the message it refers to was recorded: keep it, then look again, so that
                // whichever of the two is written last applies it.
                await Index.UpsertEntityAsync(
                    new MessageIndexEntity { PartitionKey = key, RowKey = StatusRowPrefix + status.State, Status = status.State.ToString(), StatusAt = activity.Timestamp, Errors = errors },
                    TableUpdateMode.Replace,
                    cancellationToken);
                pointer = await GetAsync<MessageIndexEntity>(Index, key, MessageIndexEntity.PointerRowKey, cancellationToken);
            }

            if (pointer is { ConversationId: { } conversationId, MessageRowKey: { } rowKey })
            {
                await UpdateMessageStatusAsync(conversationId, rowKey, status.State, activity.Timestamp, errors, cancellationToken);
            }
        }

        if (status.Watermark is { } watermark)
        {
            // Messenger: every message of ours up to the watermark counts; kept on the contact, which is the page-user thread.
            var citizen = activity.Recipient;
            await UpdateContactAsync(activity.Channel, citizen, c =>
            {
                if (status.State == DeliveryState.Read && (c.ReadWatermark is null || c.ReadWatermark < watermark))
                {
                    c.ReadWatermark = watermark;
                }

                if (status.State >= DeliveryState.Delivered && status.State != DeliveryState.Failed && (c.DeliveredWatermark is null || c.DeliveredWatermark < watermark))
                {
                    c.DeliveredWatermark = watermark;
                }
            }, cancellationToken);
        }

        LogStatus(activity.Channel, status.State);
    }

    private async Task<(ContactEntity Contact, ThreadHeaderEntity? Header)> OpenConversationAsync(
        ChannelActivity activity, ChannelAccount citizen, string contactKey, string messageKey, bool outbound, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var contact = await GetAsync<ContactEntity>(Contacts, contactKey, string.Empty, cancellationToken);
            var isNew = contact is null;
            contact ??= new ContactEntity { PartitionKey = contactKey, Channel = activity.Channel.ToString(), UserId = citizen.Id };

            ThreadHeaderEntity? header = null;
            if (contact.OpenConversationId is { } openId)
            {
                header = await GetAsync<ThreadHeaderEntity>(Conversations, openId, ThreadHeaderEntity.HeaderRowKey, cancellationToken);
                if (header?.State == ThreadStates.Closed)
                {
                    header = null;
                    contact.OpenConversationId = null;
                }
            }

            var changed = isNew;
            if (contact.OpenConversationId is null)
            {
                // Derived from the opening message, so that a redelivery after a crash reopens the same conversation.
                contact.OpenConversationId = "c" + Hash(contactKey + ":" + messageKey)[..24];
                changed = true;
            }

            if (!outbound && (contact.LastInboundAt is null || contact.LastInboundAt < activity.Timestamp))
            {
                contact.LastInboundAt = activity.Timestamp;
                changed = true;
            }

            if (!outbound && LanguageOf(activity, contact) is { } language)
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
                return (contact, header);
            }

            try
            {
                var response = isNew
                    ? await Contacts.AddEntityAsync(contact, cancellationToken)
                    : await Contacts.UpdateEntityAsync(contact, contact.ETag, TableUpdateMode.Replace, cancellationToken);
                contact.ETag = response.Headers.ETag ?? contact.ETag;
                return (contact, header);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another message of the same citizen got there first: read again.
            }
        }
    }

    /// <summary>
    /// Adds a message of ours to a thread, pending until the sender records the platform's answer. Idempotent:
    /// the row key derives from <paramref name="replyId"/>, so a retry finds the row it wrote before.
    /// </summary>
    public async Task<string> AppendOutboundAsync(
        string conversationId, string replyId, string kind, string text, IReadOnlyList<QuickReply> quickReplies, CancellationToken cancellationToken, Func<string, Task>? beforeAdd = null) =>
        (await AppendOursAsync(conversationId, replyId, kind, text, quickReplies, null, Directions.Outbound, cancellationToken, beforeAdd: beforeAdd)).RowKey;

    /// <summary>
    /// Adds a reply or a private note of an agent (<paramref name="direction"/> out or note); the header's new state
    /// comes back, for the agent's next If-Match. Idempotent by <paramref name="replyId"/>.
    /// <paramref name="beforeAdd"/> gets the new row's key before the row is written (not when it exists already), so
    /// that a send is in the pending-sends index before anything could leave it unqueued.
    /// </summary>
    internal async Task<(string RowKey, ThreadHeaderEntity? Header)> AppendOursAsync(
        string conversationId, string replyId, string kind, string text, IReadOnlyList<QuickReply> quickReplies, (string Id, string Name)? author, string direction, CancellationToken cancellationToken,
        IReadOnlyList<ChannelAttachment>? files = null, Func<string, Task>? beforeAdd = null)
    {
        var now = time.GetUtcNow();
        var key = Hash($"reply:{replyId}");
        for (var attempt = 0; ; attempt++)
        {
            var header = await GetAsync<ThreadHeaderEntity>(Conversations, conversationId, ThreadHeaderEntity.HeaderRowKey, cancellationToken)
                ?? throw new InvalidOperationException("No such conversation.");
            var existing = await FindByPrefixAsync(conversationId, key[..16], cancellationToken);
            if (existing is not null)
            {
                var known = await GetAsync<ContactEntity>(Contacts, header.ContactKey, string.Empty, cancellationToken);
                await UpdateInboxAsync(header, known?.ProfileName, null, cancellationToken);
                return (existing.RowKey, header);
            }

            var message = new MessageEntity
            {
                PartitionKey = conversationId,
                RowKey = $"msg-{now.UtcTicks:D19}-{key[..16]}",
                Direction = direction,
                ActivityType = ActivityTypes.Message,
                Kind = kind,
                Text = text,
                QuickReplies = quickReplies.Count > 0 ? JsonSerializer.Serialize(quickReplies, ThreadJsonContext.Default.IReadOnlyListQuickReply) : null,
                Attachments = files is { Count: > 0 } ? JsonSerializer.Serialize(files, ThreadJsonContext.Default.IReadOnlyListChannelAttachment) : null,
                AuthorId = author?.Id,
                Author = author?.Name,
                SentAt = now,
                RecordedAt = now,
                Status = direction == Directions.Outbound ? PendingStatus : null,
            };
            header.MessageCount++;
            header.Revision++;
            if (direction == Directions.Outbound)
            {
                header.LastActivityAt = now;
                header.LastOutboundAt = now;
                header.Preview = Preview(message);
            }

            if (beforeAdd is not null)
            {
                await beforeAdd(message.RowKey);
            }

            try
            {
                var response = await Conversations.SubmitTransactionAsync(
                    [new(TableTransactionActionType.Add, message), new(TableTransactionActionType.UpdateReplace, header, header.ETag)],
                    cancellationToken);
                header.ETag = response.Value[1].Headers.ETag ?? header.ETag;
                var contact = await GetAsync<ContactEntity>(Contacts, header.ContactKey, string.Empty, cancellationToken);
                await UpdateInboxAsync(header, contact?.ProfileName, null, cancellationToken);
                return (message.RowKey, header);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>
    /// Claims a message of ours for sending: <see cref="SendClaim.Claimed"/> for exactly one sender while it still
    /// needs sending (pending, or failed and being retried, or claimed by a sender that did not finish within the
    /// lease). A compare-and-swap on the row's ETag, so that two deliveries of the same queue message never both send
    /// it; <see cref="SendClaim.Busy"/> tells the second to come back later rather than drop the message.
    /// </summary>
    public async Task<SendClaim> TryClaimForSendingAsync(string conversationId, string rowKey, TimeSpan lease, CancellationToken cancellationToken)
    {
        var message = await GetAsync<MessageEntity>(Conversations, conversationId, rowKey, cancellationToken);
        var now = time.GetUtcNow();
        if (message is not { ChannelMessageId: null } || message.Status is not (PendingStatus or nameof(DeliveryState.Failed) or SendingStatus))
        {
            return SendClaim.Done;
        }

        if (message.Status == SendingStatus && message.StatusAt + lease > now)
        {
            return SendClaim.Busy;
        }

        message.Status = SendingStatus;
        message.StatusAt = now;
        try
        {
            await Conversations.UpdateEntityAsync(message, message.ETag, TableUpdateMode.Replace, cancellationToken);
            return SendClaim.Claimed;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return SendClaim.Busy;
        }
    }

    /// <summary>
    /// Where a message of ours stands for the sweep of stuck replies: waiting while no sender has it (pending, or
    /// claimed by a sender whose <paramref name="lease"/> ran out), sending while a claim holds, finished otherwise.
    /// </summary>
    public async Task<SendState> SendStateAsync(string conversationId, string rowKey, TimeSpan lease, CancellationToken cancellationToken) =>
        await GetAsync<MessageEntity>(Conversations, conversationId, rowKey, cancellationToken) switch
        {
            { ChannelMessageId: null, Status: PendingStatus } => SendState.Waiting,
            { ChannelMessageId: null, Status: SendingStatus } m => m.StatusAt + lease > time.GetUtcNow() ? SendState.Sending : SendState.Waiting,
            _ => SendState.Finished,
        };

    /// <summary>Records the platform's id of a message we sent, so that its statuses (even early ones) find it.</summary>
    public async Task MarkSentAsync(string conversationId, string rowKey, ChannelKind channel, string channelMessageId, CancellationToken cancellationToken)
    {
        await UpdateMessageAsync(conversationId, rowKey, m =>
        {
            if (m.ChannelMessageId is not null)
            {
                return false; // recorded already (by the sender or by the echo): statuses may have moved it on
            }

            m.ChannelMessageId = channelMessageId;
            m.Status = DeliveryState.Sent.ToString();
            m.StatusAt = time.GetUtcNow();
            m.Errors = null;
            return true;
        }, cancellationToken);
        var key = keys.MessageKey(channel, channelMessageId);
        await AddIgnoringConflictAsync(Index, new MessageIndexEntity { PartitionKey = key, ConversationId = conversationId, MessageRowKey = rowKey }, cancellationToken);
        await ApplyPendingStatusesAsync(key, conversationId, rowKey, cancellationToken);
    }

    /// <summary>Records why a message of ours could not be sent (Meta's error text), shown on the message.</summary>
    public Task MarkFailedAsync(string conversationId, string rowKey, int statusCode, string error, CancellationToken cancellationToken) =>
        UpdateMessageAsync(conversationId, rowKey, m =>
        {
            if (m.ChannelMessageId is not null)
            {
                return false; // it went through after all (its echo or an earlier attempt recorded it)
            }

            m.Status = DeliveryState.Failed.ToString();
            m.StatusAt = time.GetUtcNow();
            m.Errors = JsonSerializer.Serialize<IReadOnlyList<ChannelError>>([new ChannelError(statusCode, error)], ThreadJsonContext.Default.IReadOnlyListChannelError);
            return true;
        }, cancellationToken);

    /// <summary>Reads, changes and writes one message with its ETag, again on a concurrent change; <paramref name="update"/> returns false to leave it.</summary>
    private async Task UpdateMessageAsync(string conversationId, string rowKey, Func<MessageEntity, bool> update, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var message = await GetAsync<MessageEntity>(Conversations, conversationId, rowKey, cancellationToken);
            if (message is null || !update(message))
            {
                return;
            }

            try
            {
                await Conversations.UpdateEntityAsync(message, message.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
            }
        }
    }

    private async Task<MessageEntity?> FindByPrefixAsync(string conversationId, string keySuffix, CancellationToken cancellationToken)
    {
        // Outbound rows end with their reply key; a thread is one partition, so this reads only that thread.
        await foreach (var row in Conversations.QueryAsync<MessageEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {conversationId} and RowKey ge {"msg-"} and RowKey lt {"msg."}"),
            select: ["RowKey"],
            cancellationToken: cancellationToken))
        {
            if (row.RowKey.EndsWith(keySuffix, StringComparison.Ordinal))
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>The citizen's language after this message, when it changes: their own choice (a <c>LANG:xx</c> quick reply) wins over detection, and detection never overrides a choice.</summary>
    private static (string Language, string Source)? LanguageOf(ChannelActivity activity, ContactEntity contact)
    {
        if (activity.Payload is { } payload && payload.StartsWith(LanguagePayloadPrefix, StringComparison.Ordinal))
        {
            var chosen = payload[LanguagePayloadPrefix.Length..].ToLowerInvariant();
            if (Languages.Supported.Contains(chosen) && (contact.Language != chosen || contact.LanguageSource != LanguageSources.Citizen))
            {
                return (chosen, LanguageSources.Citizen);
            }
        }

        if (contact.LanguageSource is null or LanguageSources.Detected && activity.Text is { Length: > 0 } text)
        {
            var detected = LanguageDetector.Detect(text);
            if (detected.Code != Languages.Unknown && detected.Code != contact.Language)
            {
                return (detected.Code, LanguageSources.Detected);
            }
        }

        return null;
    }

    /// <summary>An agent (or the citizen, through the agent) sets the language; detection no longer changes it.</summary>
    public Task SetLanguageAsync(ChannelKind channel, string userId, string language, string source, CancellationToken cancellationToken)
    {
        if (!Languages.Supported.Contains(language) && language != Languages.Other)
        {
            throw new ArgumentException($"Unsupported language '{language}'.", nameof(language));
        }

        return UpdateContactAsync(channel, new ChannelAccount(userId), c => (c.Language, c.LanguageSource) = (language, source), cancellationToken);
    }

    /// <returns>False when the message was already in the thread (a redelivery after a partial write); the header as written, if read.</returns>
    private async Task<(bool Stored, ThreadHeaderEntity? Header)> AppendAsync(
        ChannelActivity activity, ContactEntity contact, ChannelAccount ours, ThreadHeaderEntity? header, MessageEntity message, RoutingDecision decision, bool outbound, CancellationToken cancellationToken)
    {
        var conversationId = contact.OpenConversationId!;
        for (var attempt = 0; ; attempt++)
        {
            var isNew = header is null;
            var previousPost = header?.PostId;
            header ??= NewHeader(activity, contact, ours);
            if (isNew || (!outbound && decision.Outranks(Enum.TryParse<RoutingStep>(header.RoutingStep, out var step) ? step : RoutingStep.Ask)))
            {
                RoutingHistory.Apply(header, decision, "system", message.SentAt);
            }

            header.Language = contact.Language ?? header.Language;
            header.MessageCount++;
            header.Revision++;
            if (message.SentAt >= header.LastActivityAt)
            {
                header.LastActivityAt = message.SentAt;
                header.Preview = Preview(message);
            }

            if (!outbound)
            {
                header.UnreadCount++;
                header.LastInboundAt = header.LastInboundAt is { } last && last > message.SentAt ? last : message.SentAt;
            }

            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, message),
                isNew ? new(TableTransactionActionType.Add, header) : new(TableTransactionActionType.UpdateReplace, header, header.ETag),
            };
            try
            {
                await Conversations.SubmitTransactionAsync(actions, cancellationToken);
                await UpdateInboxAsync(header, contact.ProfileName, previousPost, cancellationToken);
                return (true, header);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                header = await GetAsync<ThreadHeaderEntity>(Conversations, conversationId, ThreadHeaderEntity.HeaderRowKey, cancellationToken);
                if (await GetAsync<MessageEntity>(Conversations, conversationId, message.RowKey, cancellationToken) is not null)
                {
                    // Stored by an earlier attempt that may have stopped before the inbox: bring the inbox up to date.
                    if (header is not null)
                    {
                        await UpdateInboxAsync(header, contact.ProfileName, null, cancellationToken);
                    }

                    return (false, header);
                }
            }
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
    };

    /// <summary>
    /// Writes a header an agent or a transfer changed: a new revision, the header's ETag as the condition (false on a
    /// concurrent change, with nothing written), then the inbox. The one place a changed header is saved this way.
    /// </summary>
    /// <param name="contact">The conversation's contact when the caller has read it already (for the inbox's name).</param>
    internal async Task<bool> SaveHeaderAsync(ThreadHeaderEntity header, string? previousPost, CancellationToken cancellationToken, ContactEntity? contact = null)
    {
        header.Revision++;
        try
        {
            var response = await Conversations.UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace, cancellationToken);
            header.ETag = response.Headers.ETag ?? header.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }

        contact ??= await GetAsync<ContactEntity>(Contacts, header.ContactKey, string.Empty, cancellationToken);
        await UpdateInboxAsync(header, contact?.ProfileName, previousPost, cancellationToken);
        return true;
    }

    /// <summary>
    /// The post's inbox row follows the header, whatever order concurrent writers finish in: a row is only replaced
    /// by a later revision; a move (close, reopen, transfer) removes the rows of the places the conversation left when
    /// they are older; and a writer that finds the conversation moved on meanwhile removes the row it wrote where the
    /// conversation no longer is. Then the post's marker is bumped, always (a retry too), so that polls see the change.
    /// </summary>
    internal async Task UpdateInboxAsync(ThreadHeaderEntity header, string? contactName, string? previousPost, CancellationToken cancellationToken)
    {
        var row = ToInbox(header, contactName);
        ETag? written = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await GetAsync<InboxEntity>(Inbox, row.PartitionKey, row.RowKey, cancellationToken);
            if (existing is not null && existing.Revision >= row.Revision)
            {
                break;
            }

            try
            {
                var response = existing is null
                    ? await Inbox.AddEntityAsync(row, cancellationToken)
                    : await Inbox.UpdateEntityAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                written = response.Headers.ETag;
                break;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
        }

        foreach (var (partitionKey, rowKey) in InboxKeys.FormerLocations(header, previousPost))
        {
            await DeleteOlderInboxRowAsync(partitionKey, rowKey, header.Revision, cancellationToken);
        }

        var current = await GetAsync<ThreadHeaderEntity>(Conversations, header.PartitionKey, ThreadHeaderEntity.HeaderRowKey, cancellationToken);
        if (current is not null && written is { } etag && InboxKeys.Location(current) != (row.PartitionKey, row.RowKey))
        {
            // On the ETag of our own write: a newer writer that put the conversation back here keeps its row.
            await DeleteInboxRowAsync(row.PartitionKey, row.RowKey, etag, cancellationToken);
        }

        // After the rows: a poll that read the marker before this write lists at worst something newer than it caches.
        await BumpMarkerAsync(header.PostId, cancellationToken);
        if (previousPost is not null && previousPost != header.PostId)
        {
            await BumpMarkerAsync(previousPost, cancellationToken);
        }
    }

    /// <summary>Removes a row the conversation left, unless a later revision wrote it (then that writer's state holds).</summary>
    private async Task DeleteOlderInboxRowAsync(string partitionKey, string rowKey, long revision, CancellationToken cancellationToken)
    {
        if (await GetAsync<InboxEntity>(Inbox, partitionKey, rowKey, cancellationToken) is { } old && old.Revision < revision)
        {
            await DeleteInboxRowAsync(partitionKey, rowKey, old.ETag, cancellationToken);
        }
    }

    private async Task DeleteInboxRowAsync(string partitionKey, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Inbox.DeleteEntityAsync(partitionKey, rowKey, etag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }

    /// <summary>An unconditional upsert: every write gives the marker a new ETag (and a new stamp).</summary>
    private async Task BumpMarkerAsync(string postId, CancellationToken cancellationToken) =>
        await Inbox.UpsertEntityAsync(
            new InboxMarkerEntity { PartitionKey = InboxKeys.MarkerPartition(postId), Stamp = Guid.NewGuid().ToString("N") },
            TableUpdateMode.Replace,
            cancellationToken);

    private async Task<MessageEntity> ToMessageEntityAsync(ChannelActivity activity, string conversationId, string key, bool outbound, CancellationToken cancellationToken)
    {
        var entity = new MessageEntity
        {
            PartitionKey = conversationId,
            RowKey = $"msg-{activity.Timestamp.UtcTicks:D19}-{key[..16]}",
            Direction = outbound ? Directions.Outbound : Directions.Inbound,
            ActivityType = activity.Type,
            Kind = activity.ContentKind,
            // A table property holds 32 K characters; the platforms' limits are far lower, and the raw JSON keeps all.
            Text = FieldLimits.Clip(activity.Text, FieldLimits.MaxText),
            Payload = activity.Payload,
            Reaction = activity.Reaction,
            ReplyToId = activity.ReplyToId,
            Referral = activity.Referral,
            Latitude = activity.Location?.Latitude,
            Longitude = activity.Location?.Longitude,
            LocationName = activity.Location?.Name,
            LocationAddress = activity.Location?.Address,
            Attachments = FieldLimits.AttachmentsJson(activity.Attachments),
            Errors = FieldLimits.ErrorsJson(activity.Errors),
            ChannelMessageId = activity.ChannelMessageId,
            SentAt = activity.Timestamp,
            RecordedAt = time.GetUtcNow(),
            Status = outbound ? DeliveryState.Sent.ToString() : null,
        };

        if (activity.RawJson.Length <= MaxInlineRawJson)
        {
            entity.RawJson = activity.RawJson;
        }
        else
        {
            entity.RawJsonBlob = $"raw/{conversationId}/{key}.json";
            var blob = storage.Blobs.GetBlobContainerClient(storage.Names.PayloadContainer).GetBlobClient(entity.RawJsonBlob);
            await blob.UploadAsync(BinaryData.FromString(activity.RawJson), overwrite: true, cancellationToken);
        }

        return entity;
    }

    private async Task ApplyPendingStatusesAsync(string key, string conversationId, string rowKey, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {StatusRowPrefix} and RowKey lt {StatusRowPrefix + "~"}");
        await foreach (var pending in Index.QueryAsync<MessageIndexEntity>(filter, cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<DeliveryState>(pending.Status, out var state))
            {
                await UpdateMessageStatusAsync(conversationId, rowKey, state, pending.StatusAt ?? time.GetUtcNow(), pending.Errors, cancellationToken);
            }
        }
    }

    private Task UpdateMessageStatusAsync(string conversationId, string rowKey, DeliveryState state, DateTimeOffset at, string? errors, CancellationToken cancellationToken) =>
        UpdateMessageAsync(conversationId, rowKey, message =>
        {
            if (!MovesForward(Enum.TryParse<DeliveryState>(message.Status, out var current) ? current : DeliveryState.Unknown, state))
            {
                return false;
            }

            message.Status = state.ToString();
            message.StatusAt = at;
            message.Errors = errors ?? message.Errors;
            return true;
        }, cancellationToken);

    /// <summary>Statuses arrive in any order (read without delivered, delivered after read); only progress is kept.</summary>
    internal static bool MovesForward(DeliveryState current, DeliveryState next) => next switch
    {
        DeliveryState.Failed => current is not (DeliveryState.Delivered or DeliveryState.Read or DeliveryState.Failed),
        _ => current != DeliveryState.Failed ? next > current : next > DeliveryState.Sent,
    };

    private async Task UpdateContactAsync(ChannelKind channel, ChannelAccount citizen, Action<ContactEntity> update, CancellationToken cancellationToken)
    {
        var contactKey = keys.ContactKey(channel, citizen.Id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var contact = await GetAsync<ContactEntity>(Contacts, contactKey, string.Empty, cancellationToken);
            var isNew = contact is null;
            contact ??= new ContactEntity { PartitionKey = contactKey, Channel = channel.ToString(), UserId = citizen.Id };
            update(contact);
            try
            {
                _ = isNew
                    ? await Contacts.AddEntityAsync(contact, cancellationToken)
                    : await Contacts.UpdateEntityAsync(contact, contact.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
            }
        }
    }

    private static InboxEntity ToInbox(ThreadHeaderEntity header, string? contactName) => new()
    {
        PartitionKey = InboxKeys.Location(header).PartitionKey,
        RowKey = InboxKeys.Location(header).RowKey,
        ConversationId = header.PartitionKey,
        PostId = header.PostId,
        ClosedAt = header.ClosedAt,
        Channel = header.Channel,
        State = header.State,
        LastActivityAt = header.LastActivityAt,
        UnreadCount = header.UnreadCount,
        Preview = header.Preview,
        ContactName = contactName,
        Language = header.Language,
        RoutingStep = header.RoutingStep,
        RoutingReason = header.RoutingReason,
        RoutingWhy = header.RoutingWhy,
        LastInboundAt = header.LastInboundAt,
        LastOutboundAt = header.LastOutboundAt,
        AssignedTo = header.AssignedTo,
        AssignedToName = header.AssignedToName,
        Tags = header.Tags,
        Urgent = header.Urgent,
        Revision = header.Revision,
    };

    private static string Preview(MessageEntity message)
    {
        var text = message.Text ?? message.Reaction ?? message.LocationName ?? $"[{message.Kind}]";
        return text.Length <= 120 ? text : text[..119] + "…";
    }

    private static async Task<T?> GetAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static async Task AddIgnoringConflictAsync(TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} {Direction} message {Outcome}")]
    private partial void LogRecorded(ChannelKind channel, string direction, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message failed before its new conversation was written, and the contact could not be cleared ({Error}); the redelivery completes it")]
    private partial void LogForgetFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} status {State} applied")]
    private partial void LogStatus(ChannelKind channel, DeliveryState state);
}
