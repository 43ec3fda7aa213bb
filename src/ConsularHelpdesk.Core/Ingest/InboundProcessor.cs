using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

public sealed record InboundResult(int Stored, int Duplicates, int Statuses, int Incidents);

/// <summary>
/// Processes one queued webhook body: parse, then record each item idempotently. Throws on anything it cannot
/// finish, so that the queue redelivers it and, after the last attempt, keeps it in the poison queue.
/// </summary>
public sealed partial class InboundProcessor(
    InboundQueue queue,
    IEnumerable<IChannelParser> parsers,
    ThreadStore threads,
    IncidentLog incidents,
    Replies.IntakeQuestion intake,
    ILogger<InboundProcessor> logger) : IQueueHandler
{
    private readonly Dictionary<ChannelKind, IChannelParser> _parsers = parsers.ToDictionary(p => p.Channel);

    public string QueueName => queue.QueueName;

    Task IQueueHandler.HandleAsync(string message, CancellationToken cancellationToken) => ProcessAsync(message, cancellationToken);

    public async Task<InboundResult> ProcessAsync(string queueMessage, CancellationToken cancellationToken)
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
        foreach (var activity in activities)
        {
            switch (activity)
            {
                case { Type: ActivityTypes.MessageStatus, Status: not null }:
                    await threads.ApplyStatusAsync(activity, cancellationToken);
                    statuses++;
                    break;
                case { Type: ActivityTypes.Message or ActivityTypes.MessageReaction, From.Id.Length: > 0, Recipient.Id.Length: > 0 }:
                    var result = await threads.RecordMessageAsync(activity, cancellationToken);
                    _ = result.Outcome == RecordOutcome.Stored ? stored++ : duplicates++;
                    if (result.NeedsIntake)
                    {
                        // Asked once per conversation (the question's id derives from it), also after a redelivery.
                        await intake.AskAsync(activity, result, cancellationToken);
                    }

                    break;
                default:
                    // Webhook-level errors and items that name no citizen: nowhere in a thread to show them, so they
                    // go to the incident log for the engineers, whole.
                    await incidents.RecordAsync(activity, cancellationToken);
                    incidentCount++;
                    break;
            }
        }

        LogProcessed(envelope.Channel, activities.Count, stored, duplicates, statuses, incidentCount);
        return new InboundResult(stored, duplicates, statuses, incidentCount);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} webhook body of {Bytes} bytes is not valid JSON; it stays in the queue and then in the poison queue for inspection")]
    private partial void LogMalformed(ChannelKind channel, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} webhook processed: {Items} items, {Stored} stored, {Duplicates} duplicates, {Statuses} statuses, {Incidents} incidents")]
    private partial void LogProcessed(ChannelKind channel, int items, int stored, int duplicates, int statuses, int incidents);
}
