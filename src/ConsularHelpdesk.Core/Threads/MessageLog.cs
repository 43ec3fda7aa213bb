using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// The messages of the threads (<c>Conversations</c>, rows <c>msg-…</c>): appending ours (agents' replies and notes,
/// intake questions), building a citizen's row, and the delivery statuses of ours, found by Meta's id through the
/// <c>MessageIndex</c> (only our messages are indexed: a citizen's message is deduplicated by its own row).
/// </summary>
internal sealed partial class MessageLog(
    StorageClients storage, StorageKeys keys, ConversationHeaders headers, ContactBook contacts, InboxProjection inbox, IDeadlineIndex deadlines, IBroadcastReceipts broadcasts, FieldCipher cipher,
    TimeProvider time, ILogger<MessageLog> logger)
{
    /// <summary>A table string property holds 64 KiB (32 K UTF-16 characters); larger raw JSON goes to a blob.</summary>
    private const int MaxInlineRawJson = 30_000;
    private const int MaxAttempts = 20;
    private const string StatusRowPrefix = "status-";
    private const string EchoMetadataPrefix = "helpdesk:";

    private TableClient Conversations => storage.Table(storage.Names.Conversations);

    private TableClient Index => storage.Table(storage.Names.MessageIndex);

    /// <summary>The metadata sent with a Messenger message, so that its echo finds the row it came from.</summary>
    public static string EchoMetadata(string conversationId, string rowKey) => $"{EchoMetadataPrefix}{conversationId}|{rowKey}";

    internal static (string ConversationId, string RowKey)? ParseEchoMetadata(string? metadata) =>
        metadata is not null && metadata.StartsWith(EchoMetadataPrefix, StringComparison.Ordinal) && metadata[EchoMetadataPrefix.Length..].Split('|') is [{ Length: > 0 } conversation, { Length: > 0 } row]
            ? (conversation, row)
            : null;

    internal Task<MessageEntity?> GetAsync(string conversationId, string rowKey, CancellationToken cancellationToken) =>
        Conversations.GetAsync<MessageEntity>(conversationId, rowKey, cancellationToken);

    /// <summary>Every message of a thread, in time order (a thread is one partition: one query, the header left out).</summary>
    internal async Task<List<MessageEntity>> ThreadAsync(string conversationId, CancellationToken cancellationToken)
    {
        var rows = new List<MessageEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {conversationId} and RowKey ge {"msg-"} and RowKey lt {"msg."}");
        await foreach (var m in Conversations.QueryAsync<MessageEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(m);
        }

        return rows;
    }

    /// <summary>Where a message of ours is, by its message key (null when not recorded yet).</summary>
    internal Task<MessageIndexEntity?> PointerAsync(string messageKey, CancellationToken cancellationToken) =>
        Index.GetAsync<MessageIndexEntity>(messageKey, MessageIndexEntity.PointerRowKey, cancellationToken);

    /// <summary>
    /// One entity-group transaction: the message added, the header added (new conversation) or replaced on its ETag,
    /// which it then carries anew. A 409 on the message means it is stored already (a redelivery); a 412, that the
    /// header changed meanwhile.
    /// </summary>
    /// <param name="citizenMessageKey">
    /// A citizen's message: its message key, for the <c>ref-</c> row that lets a reaction or an edit find it (added in the
    /// same transaction: no call more).
    /// </param>
    /// <exception cref="TableTransactionFailedException">409 or 412, as above.</exception>
    internal async Task AppendWithHeaderAsync(MessageEntity message, ThreadHeaderEntity header, bool isNewHeader, CancellationToken cancellationToken, string? citizenMessageKey = null)
    {
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, message),
            isNewHeader ? new(TableTransactionActionType.Add, header) : new(TableTransactionActionType.UpdateReplace, header, header.ETag),
        ];
        if (citizenMessageKey is not null)
        {
            // Upsert, not Add: the message's own Add is the dedupe, and a row left by a stored-again redelivery is the same pointer.
            actions.Add(new(TableTransactionActionType.UpsertReplace, new MessageRefEntity { PartitionKey = message.PartitionKey, RowKey = MessageRefEntity.RowKeyOf(citizenMessageKey), MessageRowKey = message.RowKey }));
        }

        var response = await Conversations.SubmitTransactionAsync(actions, cancellationToken);
        header.ETag = response.Value[1].Headers.ETag ?? header.ETag;
    }

    /// <summary>Where a citizen's message is in a conversation, by its message key (one point read; null when not there).</summary>
    internal Task<MessageRefEntity?> RefAsync(string conversationId, string messageKey, CancellationToken cancellationToken) =>
        Conversations.GetAsync<MessageRefEntity>(conversationId, MessageRefEntity.RowKeyOf(messageKey), cancellationToken);

    /// <summary>Adds a row to a thread without touching its header (a notice that changes nothing the lists show); false when it is there already.</summary>
    internal async Task<bool> TryAddAloneAsync(MessageEntity message, CancellationToken cancellationToken)
    {
        try
        {
            await Conversations.AddEntityAsync(message, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces a message on its ETag; false, with nothing written, on a concurrent change.</summary>
    internal async Task<bool> TryReplaceAsync(MessageEntity message, CancellationToken cancellationToken)
    {
        try
        {
            await Conversations.UpdateEntityAsync(message, message.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Points Meta's id of a message of ours at its row, then applies the statuses that came before it.</summary>
    internal async Task IndexOursAsync(string messageKey, string conversationId, string rowKey, CancellationToken cancellationToken)
    {
        await Index.AddIgnoringConflictAsync(new MessageIndexEntity { PartitionKey = messageKey, ConversationId = conversationId, MessageRowKey = rowKey }, cancellationToken);
        await ApplyPendingStatusesAsync(messageKey, conversationId, rowKey, cancellationToken);
    }

    /// <summary>A sent, delivered, read or failed status of one of our messages; kept until the message is recorded if it comes first.</summary>
    public async Task ApplyStatusAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        var status = activity.Status ?? throw new ArgumentException("Not a status activity.", nameof(activity));
        var errors = FieldLimits.ErrorsJson(FieldLimits.Bound(activity).Errors);
        var ids = status.MessageIds.Concat(status.MessageId is null ? [] : [status.MessageId]).Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var key = keys.MessageKey(activity.Channel, id);
            var pointer = await PointerAsync(key, cancellationToken);
            if (pointer is null)
            {
                // The status came before the message it refers to was recorded: keep it, then look again, so that
                // whichever of the two is written last applies it.
                await Index.UpsertEntityAsync(
                    new MessageIndexEntity { PartitionKey = key, RowKey = StatusRowPrefix + status.State, Status = status.State.ToString(), StatusAt = activity.Timestamp, Errors = errors },
                    TableUpdateMode.Replace,
                    cancellationToken);
                pointer = await PointerAsync(key, cancellationToken);
            }

            if (pointer is { ConversationId: { } conversationId, MessageRowKey: { } rowKey })
            {
                await UpdateStatusAsync(conversationId, rowKey, status.State, activity.Timestamp, errors, cancellationToken);
            }
        }

        if (status.Watermark is { } watermark)
        {
            // Messenger: every message of ours up to the watermark counts; kept on the contact, which is the page-user thread.
            // The broadcast messages noted on the contact that it covers move their recipients on.
            var citizen = activity.Recipient;
            List<(string Broadcast, DeliveryState State)> covered = [];
            await contacts.UpdateAsync(activity.Channel, citizen, c =>
            {
                if (status.State == DeliveryState.Read && (c.ReadWatermark is null || c.ReadWatermark < watermark))
                {
                    c.ReadWatermark = watermark;
                }

                if (status.State >= DeliveryState.Delivered && status.State != DeliveryState.Failed && (c.DeliveredWatermark is null || c.DeliveredWatermark < watermark))
                {
                    c.DeliveredWatermark = watermark;
                }

                covered = BroadcastWatermarks.Settle(c);
            }, cancellationToken);
            foreach (var (broadcast, state) in covered)
            {
                await broadcasts.RecordAsync(broadcast, state, cancellationToken);
            }
        }

        LogStatus(activity.Channel, status.State);
    }

    /// <summary>The author of the messages the system writes by itself (intake question, acknowledgement, greeting).</summary>
    public const string AutomaticAuthor = "auto";

    /// <summary>
    /// Adds an automatic message of ours (author <see cref="AutomaticAuthor"/>) to a thread, pending until the sender
    /// records the platform's answer. Idempotent: the row key derives from <paramref name="replyId"/>, so a retry finds
    /// the row it wrote before. <paramref name="onHeader"/> changes the header in the same transaction as the row.
    /// </summary>
    /// <param name="answers">
    /// False for a message that answers nothing (an acknowledgement): the conversation still waits for a person, so it
    /// keeps its last outbound time and the citizen's words as its preview.
    /// </param>
    public async Task<string> AppendOutboundAsync(
        string conversationId, string replyId, string kind, string text, IReadOnlyList<QuickReply> quickReplies, CancellationToken cancellationToken, Func<string, Task>? beforeAdd = null,
        Action<ThreadHeaderEntity>? onHeader = null, bool answers = true) =>
        (await AppendOursAsync(conversationId, replyId, kind, text, quickReplies, (AutomaticAuthor, AutomaticAuthor), Directions.Outbound, cancellationToken, beforeAdd: beforeAdd, onHeader: onHeader, answers: answers)).RowKey;

    /// <summary>
    /// Adds a reply or a private note of an agent (<paramref name="direction"/> out or note); the header's new state
    /// comes back, for the agent's next If-Match. Idempotent by <paramref name="replyId"/>.
    /// <paramref name="beforeAdd"/> gets the new row's key before the row is written (not when it exists already), so
    /// that a send is in the pending-sends index before anything could leave it unqueued.
    /// </summary>
    internal async Task<(string RowKey, ThreadHeaderEntity? Header)> AppendOursAsync(
        string conversationId, string replyId, string kind, string text, IReadOnlyList<QuickReply> quickReplies, (string Id, string Name)? author, string direction, CancellationToken cancellationToken,
        IReadOnlyList<ChannelAttachment>? files = null, Func<string, Task>? beforeAdd = null, Action<ThreadHeaderEntity>? onHeader = null, bool answers = true, string? broadcast = null,
        string? replyToId = null)
    {
        var now = time.GetUtcNow();
        var key = Hash($"reply:{replyId}");
        for (var attempt = 0; ; attempt++)
        {
            var header = await headers.GetAsync(conversationId, cancellationToken)
                ?? throw new InvalidOperationException("No such conversation.");
            var existing = await FindByPrefixAsync(conversationId, key[..16], cancellationToken);
            if (existing is not null)
            {
                var known = await contacts.OfAsync(header, cancellationToken);
                await inbox.UpdateAsync(header, known?.ShownName, null, cancellationToken);
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
                Status = direction == Directions.Outbound ? SendClaims.PendingStatus : null,
                Broadcast = broadcast,
                ReplyToId = replyToId,
            };
            header.MessageCount++;
            header.Revision++;
            if (direction == Directions.Outbound && answers)
            {
                header.LastActivityAt = now;
                header.LastOutboundAt = now;
                header.Preview = Preview(message);
            }

            onHeader?.Invoke(header);
            // A person's answer ends the wait (an automatic message, by the automatic author, does not).
            var byPerson = direction == Directions.Outbound && author is { } by && by.Id != AutomaticAuthor;
            var answered = byPerson ? Waiting.Clear(header) : null;
            if (byPerson && broadcast is null)
            {
                header.AnsweredAt ??= now; // a person answered: not the shorter retention of unanswered conversations
            }

            if (beforeAdd is not null)
            {
                await beforeAdd(message.RowKey);
            }

            try
            {
                await AppendWithHeaderAsync(message, header, isNewHeader: false, cancellationToken);
                var contact = await contacts.OfAsync(header, cancellationToken);
                await inbox.UpdateAsync(header, contact?.ShownName, null, cancellationToken);
                await deadlines.RemoveAsync(answered, cancellationToken);
                return (message.RowKey, header);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>Reads, changes and writes one message with its ETag, again on a concurrent change; <paramref name="update"/> returns false to leave it.</summary>
    internal async Task UpdateAsync(string conversationId, string rowKey, Func<MessageEntity, bool> update, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var message = await GetAsync(conversationId, rowKey, cancellationToken);
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

    /// <summary>Deterministic (Meta's time, then the message key): a redelivery's Add meets the row it stored before.</summary>
    internal static string RowKeyOf(ChannelActivity activity, string messageKey) => $"msg-{activity.Timestamp.UtcTicks:D19}-{messageKey[..16]}";

    internal async Task<MessageEntity> ToEntityAsync(ChannelActivity activity, string conversationId, string key, bool outbound, CancellationToken cancellationToken)
    {
        var entity = new MessageEntity
        {
            PartitionKey = conversationId,
            RowKey = RowKeyOf(activity, key),
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

        // Encrypted (Meta's item names the citizen: a WhatsApp "from" is their phone number, "profile" their name).
        entity.RawJson = ProtectedRawJson(activity.RawJson, entity.PartitionKey, entity.RowKey);
        if (entity.RawJson is null)
        {
            entity.RawJsonBlob = $"raw/{conversationId}/{key}.json";
            var blob = storage.Blobs.GetBlobContainerClient(storage.Names.PayloadContainer).GetBlobClient(entity.RawJsonBlob);
            await blob.UploadAsync(BinaryData.FromString(cipher.Protect(activity.RawJson, RawJsonContext(entity.PartitionKey, entity.RowKey))!), overwrite: true, cancellationToken);
        }

        return entity;
    }

    /// <summary>
    /// A message's raw JSON encrypted for its row (<see cref="FieldCipher"/>, the row's identity as associated data), or
    /// null when the encrypted text is too long for a table property (it then goes to a blob, encrypted alike).
    /// </summary>
    internal string? ProtectedRawJson(string rawJson, string conversationId, string rowKey) =>
        cipher.Protect(rawJson, RawJsonContext(conversationId, rowKey)) is { Length: <= MaxInlineRawJson } inline ? inline : null;

    /// <summary>The associated data of a message's raw JSON (in its row or its blob): the row it belongs to.</summary>
    internal static string RawJsonContext(string conversationId, string rowKey) => $"Conversations|RawJson|{conversationId}|{rowKey}";

    private async Task ApplyPendingStatusesAsync(string key, string conversationId, string rowKey, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {StatusRowPrefix} and RowKey lt {StatusRowPrefix + "~"}");
        await foreach (var pending in Index.QueryAsync<MessageIndexEntity>(filter, cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<DeliveryState>(pending.Status, out var state))
            {
                await UpdateStatusAsync(conversationId, rowKey, state, pending.StatusAt ?? time.GetUtcNow(), pending.Errors, cancellationToken);
            }
        }
    }

    private async Task UpdateStatusAsync(string conversationId, string rowKey, DeliveryState state, DateTimeOffset at, string? errors, CancellationToken cancellationToken)
    {
        string? broadcast = null;
        await UpdateAsync(conversationId, rowKey, message =>
        {
            broadcast = message.Broadcast;
            if (!MovesForward(Enum.TryParse<DeliveryState>(message.Status, out var current) ? current : DeliveryState.Unknown, state))
            {
                return false;
            }

            message.Status = state.ToString();
            message.StatusAt = at;
            message.Errors = errors ?? message.Errors;
            return true;
        }, cancellationToken);

        // A broadcast's message: its recipient's state follows (only forward there too), also when the message had the
        // status already — a redelivery after the recipient's write failed records it then.
        if (broadcast is not null)
        {
            await broadcasts.RecordAsync(broadcast, state, cancellationToken);
        }
    }

    /// <summary>Statuses arrive in any order (read without delivered, delivered after read); only progress is kept.</summary>
    internal static bool MovesForward(DeliveryState current, DeliveryState next) => next switch
    {
        DeliveryState.Failed => current is not (DeliveryState.Delivered or DeliveryState.Read or DeliveryState.Failed),
        _ => current != DeliveryState.Failed ? next > current : next > DeliveryState.Sent,
    };

    internal static string Preview(MessageEntity message)
    {
        var text = message.Text ?? message.Reaction ?? message.LocationName ?? $"[{message.Kind}]";
        return text.Length <= 120 ? text : text[..119] + "…";
    }

    private static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} status {State} applied")]
    private partial void LogStatus(ChannelKind channel, DeliveryState state);
}
