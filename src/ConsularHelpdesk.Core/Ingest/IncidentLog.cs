using System.Text.Json;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// What Meta sent that belongs to no thread (webhook-level errors, unknown change fields): kept whole in the
/// Incidents table (PartitionKey = channel and month, RowKey = inverted time, newest first).
/// Logs carry only Meta's error codes, never the content.
/// </summary>
public sealed partial class IncidentLog(StorageClients storage, StorageKeys keys, TimeProvider time, ILogger<IncidentLog> logger)
{
    public async Task RecordAsync(ChannelActivity activity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entity = new TableEntity($"{activity.Channel.ToString().ToLowerInvariant()}-{now:yyyy-MM}", $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{keys.MessageKey(activity)[..12]}")
        {
            ["Type"] = activity.Type,
            ["Kind"] = activity.ContentKind,
            ["Errors"] = JsonSerializer.Serialize(activity.Errors, ThreadJsonContext.Default.IReadOnlyListChannelError),
            ["RawJson"] = activity.RawJson.Length <= 30_000 ? activity.RawJson : activity.RawJson[..30_000],
        };
        await storage.Table(storage.Names.Incidents).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        LogIncident(activity.Channel, activity.Type, string.Join(",", activity.Errors.Select(e => e.Code)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} incident recorded: {Type}, error codes [{Codes}]")]
    private partial void LogIncident(ChannelKind channel, string type, string codes);
}
