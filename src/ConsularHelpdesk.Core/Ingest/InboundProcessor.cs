using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

/// <param name="Events">Items that are no citizen's message (account and webhook events, our own ids, over-long ids): counted, never in a thread.</param>
internal sealed record InboundResult(int Stored, int Duplicates, int Statuses, int Incidents, int Events = 0);

/// <summary>
/// Processes one queued webhook body: parse, then record each item idempotently. Throws on anything it cannot
/// finish, so that the queue redelivers it and, after the last attempt, keeps it in the poison queue.
/// </summary>
/// <remarks>
/// Only a citizen's message, reaction, postback or referral, an echo of ours and a status of our messages become
/// conversation data. Everything else is counted in the incident log, never shown as a citizen: changes of other
/// webhook fields and bodies or entries without items (events; template status and quality updates also go to the
/// administrators' account events), items whose citizen would be one of our own ids, and items with an id too long to
/// be Meta's (refused one by one: the rest of the body is still recorded).
/// </remarks>
public sealed partial class InboundProcessor : IQueueHandler
{
    private readonly InboundQueue queue;
    private readonly ThreadStore threads;
    private readonly MessageLog messages;
    private readonly IncidentLog incidents;
    private readonly AccountEventLog accountEvents;
    private readonly OwnAccounts ownAccounts;
    private readonly IEnumerable<IMessageRecordedHandler> followUps;
    private readonly MessageChanges changes;
    private readonly ILogger<InboundProcessor> logger;
    private readonly Dictionary<ChannelKind, IChannelParser> _parsers;

    // Internal: the type is public only because a Functions trigger takes it in its public constructor (the worker builds
    // triggers with public constructors only); what it needs stays internal, so DI builds it with a factory.
    internal InboundProcessor(InboundQueue queue, IEnumerable<IChannelParser> parsers, ThreadStore threads, MessageLog messages, IncidentLog incidents, AccountEventLog accountEvents, OwnAccounts ownAccounts, IEnumerable<IMessageRecordedHandler> followUps, MessageChanges changes, ILogger<InboundProcessor> logger)
    {
        this.queue = queue;
        _parsers = parsers.ToDictionary(p => p.Channel);
        this.threads = threads;
        this.messages = messages;
        this.incidents = incidents;
        this.accountEvents = accountEvents;
        this.ownAccounts = ownAccounts;
        this.followUps = followUps;
        this.changes = changes;
        this.logger = logger;
    }

    /// <summary>Incident kind of a message whose citizen side is one of our own ids.</summary>
    internal const string OwnAccountKind = "notACitizen";

    /// <summary>Incident kind of an item with an id over <see cref="FieldLimits.MaxId"/> characters.</summary>
    internal const string OversizedIdKind = "oversizedId";

    /// <summary>Incident kind of a reaction to a message we do not have, with no open conversation to show it in.</summary>
    internal const string ReactionToUnknownKind = "reactionToUnknownMessage";

    /// <summary>Incident kind of an edit of a message we do not have (sent before edits were indexed, or in an earlier conversation).</summary>
    internal const string EditOfUnknownKind = "editOfUnknownMessage";

    /// <summary>Incident kind of a message or reaction that names no sender or recipient at all.</summary>
    internal const string NoAccountKind = "noAccount";

    public string QueueName => queue.QueueName;

    Task IQueueHandler.HandleAsync(string message, CancellationToken cancellationToken) => ProcessAsync(message, cancellationToken);

    internal async Task<InboundResult> ProcessAsync(string queueMessage, CancellationToken cancellationToken)
    {
        var (envelope, body) = await queue.ReadAsync(queueMessage, cancellationToken);
        IReadOnlyList<ChannelActivity> activities;
        try
        {
            activities = _parsers[envelope.Channel].Parse(body);
        }
        catch (MalformedPayloadException)
        {
            LogMalformed(envelope.Channel, body.Length);
            throw;
        }

        int stored = 0, duplicates = 0, statuses = 0, incidentCount = 0;
        var counted = new Dictionary<IncidentSummary, int>();
        foreach (var activity in activities)
        {
            if (Refusal(activity) is { } refusal)
            {
                counted[refusal] = counted.GetValueOrDefault(refusal) + 1;
                if (AccountEventLog.IsAccountEvent(activity))
                {
                    await accountEvents.RecordAsync(activity, envelope.ReceivedAt, cancellationToken);
                }

                continue;
            }

            switch (activity)
            {
                case { Type: ActivityTypes.MessageStatus, Status: not null }:
                    await messages.ApplyStatusAsync(activity, cancellationToken);
                    statuses++;
                    break;
                case { Type: ActivityTypes.MessageReaction or ActivityTypes.MessageEdit }:
                    // A reaction or an edit changes the message it names; it is no message that needs an answer.
                    var change = await changes.RecordAsync(activity, cancellationToken);
                    if (change == MessageChangeOutcome.NoTarget)
                    {
                        var unknown = new IncidentSummary(activity.Channel, activity.Type == ActivityTypes.MessageEdit ? EditOfUnknownKind : ReactionToUnknownKind, activity.WebhookObject, activity.WebhookField, activity.EntryId, null);
                        counted[unknown] = counted.GetValueOrDefault(unknown) + 1;
                    }
                    else
                    {
                        _ = change == MessageChangeOutcome.Unchanged ? duplicates++ : stored++;
                    }

                    break;
                case { Type: ActivityTypes.Message }:
                    var result = await threads.RecordMessageAsync(activity, cancellationToken);
                    _ = result.Outcome == RecordOutcome.Stored ? stored++ : duplicates++;
                    foreach (var followUp in followUps)
                    {
                        await followUp.OnRecordedAsync(activity, result, cancellationToken);
                    }

                    break;
                default:
                    // Webhook-level errors Meta reports: nowhere in a thread to show them, so they go to the incident
                    // log for the engineers, whole (Meta's error objects carry no citizen content).
                    await incidents.RecordAsync(activity, cancellationToken);
                    incidentCount++;
                    break;
            }
        }

        foreach (var (summary, count) in counted)
        {
            await incidents.RecordAsync(summary, count, envelope.ReceivedAt, cancellationToken);
        }

        var events = counted.Values.Sum();
        LogProcessed(envelope.Channel, activities.Count, stored, duplicates, statuses, incidentCount, events);
        return new InboundResult(stored, duplicates, statuses, incidentCount, events);
    }

    /// <summary>Why the item is no conversation data, as what the incident log counts; null when it is.</summary>
    private IncidentSummary? Refusal(ChannelActivity activity)
    {
        IncidentSummary Summary(string kind, string? detail = null) =>
            new(activity.Channel, kind, activity.WebhookObject, activity.WebhookField, activity.EntryId, detail);

        if (activity.Type == ActivityTypes.Event)
        {
            return Summary(activity.Name ?? EventNames.EmptyEntry);
        }

        if (activity.Type == ActivityTypes.Error)
        {
            return null;
        }

        if (FieldLimits.OversizedId(activity) is { } field)
        {
            return Summary(OversizedIdKind, field) with { AccountId = activity.EntryId?.Length <= FieldLimits.MaxId ? activity.EntryId : null };
        }

        if (activity.Type is ActivityTypes.Message or ActivityTypes.MessageReaction or ActivityTypes.MessageEdit && (activity.From.Id.Length == 0 || activity.Recipient.Id.Length == 0))
        {
            return Summary(NoAccountKind);
        }

        return ownAccounts.IsOurs(activity) ? Summary(OwnAccountKind) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} webhook body of {Bytes} bytes is not valid JSON; it stays in the queue and then in the poison queue for inspection")]
    private partial void LogMalformed(ChannelKind channel, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} webhook processed: {Items} items, {Stored} stored, {Duplicates} duplicates, {Statuses} statuses, {Incidents} incidents, {Events} counted as no citizen's message")]
    private partial void LogProcessed(ChannelKind channel, int items, int stored, int duplicates, int statuses, int incidents, int events);
}
