using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// Items of one webhook body that are not conversation data, counted by what they are: never their content (a page
/// feed change or a message refused for an over-long id may hold a citizen's words), only the channel, the body's
/// <c>object</c>, the change's <c>field</c>, the kind (an <see cref="EventNames"/> value, the field itself, or a reason
/// the item was refused), our own account id and, for a refusal, which field of the item.
/// </summary>
internal sealed record IncidentSummary(ChannelKind Channel, string Kind, string? WebhookObject, string? Field, string? AccountId, string? Detail);

/// <summary>
/// What Meta sent that belongs to no thread, in the Incidents table (PartitionKey = channel and month, RowKey = inverted
/// time, newest first): webhook-level errors kept whole (Meta's error objects, no citizen content), and counted
/// summaries of everything else that is not a citizen's message. Logs carry only codes and kinds, never content or ids.
/// </summary>
internal sealed partial class IncidentLog(StorageClients storage, StorageKeys keys, TimeProvider time, ILogger<IncidentLog> logger)
{
    private TableClient Incidents => storage.Table(storage.Names.Incidents);

    public async Task RecordAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entity = new TableEntity(Partition(activity.Channel, now), $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{keys.MessageKey(activity)[..12]}")
        {
            ["Type"] = activity.Type,
            ["Kind"] = FieldLimits.Clip(activity.ContentKind, FieldLimits.MaxWord),
            ["Errors"] = FieldLimits.ErrorsJson(FieldLimits.Bound(activity).Errors),
            ["RawJson"] = activity.RawJson.Length <= FieldLimits.MaxJsonProperty ? activity.RawJson : activity.RawJson[..FieldLimits.MaxJsonProperty],
        };
        await Incidents.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        LogIncident(activity.Channel, activity.Type, string.Join(",", activity.Errors.Select(e => e.Code)));
    }

    /// <summary>
    /// Records <paramref name="count"/> items of one body alike. The row derives from the body's arrival and what is
    /// counted, so a redelivery of the body rewrites the same row instead of counting twice.
    /// </summary>
    public async Task RecordAsync(IncidentSummary summary, int count, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var kind = FieldLimits.Clip(summary.Kind, FieldLimits.MaxWord)!;
        var what = $"{summary.Kind}|{summary.WebhookObject}|{summary.Field}|{summary.AccountId}|{summary.Detail}";
        var entity = new TableEntity(
            Partition(summary.Channel, receivedAt),
            $"{DateTimeOffset.MaxValue.UtcTicks - receivedAt.UtcTicks:D19}-{keys.MessageKey(summary.Channel, $"incident:{receivedAt.UtcTicks}:{what}")[..12]}")
        {
            ["Type"] = ActivityTypes.Event,
            ["Kind"] = kind,
            ["Object"] = FieldLimits.Clip(summary.WebhookObject, FieldLimits.MaxWord),
            ["Field"] = FieldLimits.Clip(summary.Field, FieldLimits.MaxWord),
            ["AccountId"] = FieldLimits.Clip(summary.AccountId, FieldLimits.MaxId),
            ["Detail"] = FieldLimits.Clip(summary.Detail, FieldLimits.MaxWord),
            ["Count"] = count,
            ["ReceivedAt"] = receivedAt,
        };
        await Incidents.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        LogCounted(summary.Channel, kind, count);
    }

    private static string Partition(ChannelKind channel, DateTimeOffset at) => $"{channel.ToString().ToLowerInvariant()}-{at:yyyy-MM}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} incident recorded: {Type}, error codes [{Codes}]")]
    private partial void LogIncident(ChannelKind channel, string type, string codes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel} webhook items that are no citizen's message: {Count} of kind {Kind}, counted in the incident log")]
    private partial void LogCounted(ChannelKind channel, string kind, int count);
}
