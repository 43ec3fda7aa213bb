using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Threads;

/// <summary>What became of a reaction or an edit.</summary>
internal enum MessageChangeOutcome
{
    /// <summary>The message it names was changed (reaction shown, replaced or removed; new text).</summary>
    Applied,

    /// <summary>Nothing to change: a redelivery, or older than what the message shows already.</summary>
    Unchanged,

    /// <summary>A reaction to a message we do not have: a small notice in the citizen's open conversation.</summary>
    Notice,

    /// <summary>Names no message we have, and there is no open conversation to put a notice in: only counted.</summary>
    NoTarget,
}

/// <summary>
/// What changes a message already in a thread instead of adding one: the citizen's reaction (shown on the message it
/// reacts to, replaced or removed) and the citizen's edit (the new text, the first kept for the audit, distress assessed
/// again). Neither is a message that needs an answer: the header is not written — no unread count, no wait, no response
/// target — except when an edit raises the level (only upwards, as for any message).
/// </summary>
/// <remarks>
/// The message is found by Meta's id without a scan: a citizen's message through its <c>ref-</c> row in the contact's
/// open conversation (written with the message), one of ours through the <c>MessageIndex</c>. A reaction costs the
/// contact, one or two point reads to find the message, and the message's read and replace.
/// </remarks>
internal sealed partial class MessageChanges(
    StorageKeys keys, ContactBook contacts, ConversationHeaders headers, MessageLog messages, ConversationLevels levels, IDistressAssessor assessor, TimeProvider time,
    ILogger<MessageChanges> logger)
{
    /// <summary>The kind of the notice row a reaction to a message we do not have leaves in the thread.</summary>
    public const string ReactionKind = "reaction";

    public Task<MessageChangeOutcome> RecordAsync(ChannelActivity activity, CancellationToken cancellationToken) => activity.Type switch
    {
        ActivityTypes.MessageReaction => ReactAsync(FieldLimits.Bound(activity), cancellationToken),
        ActivityTypes.MessageEdit => EditAsync(FieldLimits.Bound(activity), cancellationToken),
        _ => throw new ArgumentException("Neither a reaction nor an edit.", nameof(activity)),
    };

    private async Task<MessageChangeOutcome> ReactAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        var (target, contact) = await FindAsync(activity, citizensOnly: false, cancellationToken);
        if (target is var (conversationId, rowKey))
        {
            var changed = false;
            await messages.UpdateAsync(conversationId, rowKey, m =>
            {
                // Reactions may come out of order (a queue retry): the latest the citizen did wins.
                if (m.CitizenReactionAt is { } at && (at > activity.Timestamp || (at == activity.Timestamp && m.CitizenReaction == activity.Reaction)))
                {
                    return false;
                }

                (m.CitizenReaction, m.CitizenReactionAt, changed) = (activity.Reaction, activity.Timestamp, true);
                return true;
            }, cancellationToken);
            LogChange(activity.Channel, "reaction", changed ? "applied" : "unchanged");
            return changed ? MessageChangeOutcome.Applied : MessageChangeOutcome.Unchanged;
        }

        // A reaction to a message we do not have (sent before this conversation, or before reactions were indexed): a
        // small notice in the open conversation, never a new one. A removal of such a reaction shows nothing.
        var open = contact?.OpenConversationId is { } id && activity.Reaction is not null ? await headers.GetAsync(id, cancellationToken) : null;
        if (open is not { State: ThreadStates.Open })
        {
            LogChange(activity.Channel, "reaction", "no target");
            return MessageChangeOutcome.NoTarget;
        }

        var notice = new MessageEntity
        {
            PartitionKey = open.PartitionKey,
            RowKey = MessageLog.RowKeyOf(activity, keys.MessageKey(activity)),
            Direction = Directions.Inbound,
            ActivityType = ActivityTypes.MessageReaction,
            Kind = ReactionKind,
            Reaction = activity.Reaction,
            ReplyToId = activity.ReplyToId,
            ChannelMessageId = activity.ChannelMessageId,
            SentAt = activity.Timestamp,
            RecordedAt = time.GetUtcNow(),
        };
        notice.RawJson = messages.ProtectedRawJson(activity.RawJson, notice.PartitionKey, notice.RowKey);
        var added = await messages.TryAddAloneAsync(notice, cancellationToken);
        LogChange(activity.Channel, "reaction", added ? "notice" : "unchanged");
        return added ? MessageChangeOutcome.Notice : MessageChangeOutcome.Unchanged;
    }

    private async Task<MessageChangeOutcome> EditAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        // Only the citizen edits, and only their own messages.
        var (target, contact) = await FindAsync(activity, citizensOnly: true, cancellationToken);
        if (target is not var (conversationId, rowKey))
        {
            LogChange(activity.Channel, "edit", "no target");
            return MessageChangeOutcome.NoTarget;
        }

        var text = FieldLimits.Clip(activity.Text, FieldLimits.MaxText);
        DistressAssessment? raised = null;
        var changed = false;
        await messages.UpdateAsync(conversationId, rowKey, m =>
        {
            if (m.Direction != Directions.Inbound || (m.EditedAt is { } at && at >= activity.Timestamp))
            {
                return false; // a redelivery, or an older edit delivered late
            }

            // The first text stays for the audit; later edits only replace the latest.
            m.OriginalText ??= m.Text ?? string.Empty;
            m.Text = text;
            m.EditedAt = activity.Timestamp;
            m.EditCount++;
            raised = Assess(text, contact?.Language, m);
            changed = true;
            return true;
        }, cancellationToken);

        // As for a new message, only an open conversation's level rises (one header read, on this rare path only).
        if (changed && raised is { Level: > DistressLevel.None } found && await headers.GetAsync(conversationId, cancellationToken) is { State: ThreadStates.Open })
        {
            // As for a new message: only upwards, named by the edit (a redelivery raises nothing twice).
            await levels.RaiseAsync(conversationId, found.Level, "distress:" + string.Join(',', found.Categories), $"{rowKey}:edit:{activity.Timestamp.UtcTicks}", cancellationToken);
        }

        LogChange(activity.Channel, "edit", changed ? "applied" : "unchanged");
        return changed ? MessageChangeOutcome.Applied : MessageChangeOutcome.Unchanged;
    }

    /// <summary>
    /// Distress detection on the edited text: the message's level only rises (what the first text showed stays); returns
    /// the assessment when it found more than the message had.
    /// </summary>
    private DistressAssessment? Assess(string? text, string? language, MessageEntity message)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        DistressAssessment assessment;
        try
        {
            assessment = assessor.Assess(text, language is { } known && Languages.Supported.Contains(known) ? known : null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAssessFailed(e.GetType().Name);
            return null;
        }

        if (assessment.Level <= (ConversationLevel.Parse(message.DistressLevel) ?? DistressLevel.None))
        {
            return null;
        }

        message.DistressLevel = ConversationLevel.Name(assessment.Level);
        message.DistressMatches = FieldLimits.DistressMatchesJson(assessment.Matches.Select(m => new StoredDistressMatch(m.Category, m.Phrase)));
        return assessment;
    }

    /// <summary>
    /// The message the activity names (<see cref="ChannelActivity.ReplyToId"/>) and the citizen's contact: first a citizen's
    /// message of the contact's open conversation (its <c>ref-</c> row), then one of ours anywhere (the <c>MessageIndex</c>).
    /// </summary>
    private async Task<((string ConversationId, string RowKey)? Target, ContactEntity? Contact)> FindAsync(ChannelActivity activity, bool citizensOnly, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetAsync(keys.ContactKey(activity.Channel, activity.From.Id), cancellationToken);
        if (activity.ReplyToId is not { Length: > 0 } targetId)
        {
            return (null, contact);
        }

        var targetKey = keys.MessageKey(activity.Channel, targetId);
        if (contact?.OpenConversationId is { } open && await messages.RefAsync(open, targetKey, cancellationToken) is { } found)
        {
            return ((open, found.MessageRowKey), contact);
        }

        if (!citizensOnly && await messages.PointerAsync(targetKey, cancellationToken) is { ConversationId: { } conversation, MessageRowKey: { } row })
        {
            return ((conversation, row), contact);
        }

        return (null, contact);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} {Change} {Outcome}")]
    private partial void LogChange(ChannelKind channel, string change, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Distress detection failed on an edited message ({Error}); the edit is recorded without a new level")]
    private partial void LogAssessFailed(string error);
}
