using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Ingest;

/// <summary>One change Meta reported about our WhatsApp account, as an administrator sees it.</summary>
internal sealed record AccountEvent(
    ChannelKind Channel,
    string Field,
    string? Event,
    string? AccountId,
    string? PhoneNumber,
    string? TemplateId,
    string? TemplateName,
    string? TemplateLanguage,
    string? Reason,
    string? Detail,
    DateTimeOffset ReceivedAt);

/// <summary>
/// Template status, template quality and phone number quality updates, in the AccountEvents table (PartitionKey =
/// month, RowKey = inverted time, newest first) for administrators: a template rejected, paused or disabled means that
/// replies after the 24-hour window fail, a quality downgrade lowers how many citizens we may write to. Only Meta's
/// words about our own account are kept (our ids, template names, reasons), every field bounded.
/// </summary>
internal sealed partial class AccountEventLog(StorageClients storage, StorageKeys keys, ILogger<AccountEventLog> logger)
{
    private static readonly HashSet<string> Fields = [EventNames.TemplateStatus, EventNames.PhoneNumberQuality, EventNames.TemplateQuality];

    private TableClient Events => storage.Table(storage.Names.AccountEvents);

    /// <summary>True for the webhook fields an administrator must see.</summary>
    public static bool IsAccountEvent(ChannelActivity activity) =>
        activity is { Type: ActivityTypes.Event, Name: { } name } && Fields.Contains(name);

    /// <summary>Records the change; the row derives from the body's arrival and the change, so a redelivery rewrites it.</summary>
    public async Task RecordAsync(ChannelActivity activity, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        using var change = JsonDocument.Parse(activity.RawJson);
        var value = change.RootElement.Prop("value");
        var field = activity.Name!;
        var (eventName, detail) = field switch
        {
            EventNames.TemplateStatus => (value.Str("event"), Join(value.Prop("other_info").Str("title"), value.Prop("other_info").Str("description"))),
            EventNames.TemplateQuality => (value.Str("new_quality_score"), Join(value.Str("previous_quality_score") is { } previous ? $"previous {previous}" : null, null)),
            _ => (value.Str("event"), Join(value.Str("current_limit") is { } limit ? $"limit {limit}" : null, value.Str("old_limit") is { } old ? $"was {old}" : null)),
        };
        var entity = new TableEntity(
            receivedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            $"{DateTimeOffset.MaxValue.UtcTicks - receivedAt.UtcTicks:D19}-{keys.MessageKey(activity.Channel, $"account-event:{receivedAt.UtcTicks}:{activity.RawJson}")[..12]}")
        {
            ["Channel"] = activity.Channel.ToString(),
            ["Field"] = field,
            ["Event"] = Word(eventName),
            ["AccountId"] = activity.EntryId?.Length <= FieldLimits.MaxId ? activity.EntryId : null,
            ["PhoneNumber"] = Word(value.Str("display_phone_number")),
            ["TemplateId"] = Word(value.Str("message_template_id")),
            ["TemplateName"] = FieldLimits.Clip(value.Str("message_template_name"), FieldLimits.MaxName),
            ["TemplateLanguage"] = Word(value.Str("message_template_language")),
            ["Reason"] = FieldLimits.Clip(value.Str("reason"), FieldLimits.MaxName),
            ["Detail"] = FieldLimits.Clip(detail, FieldLimits.MaxName),
            ["ReceivedAt"] = receivedAt,
        };
        await Events.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        LogRecorded(activity.Channel, field, Word(eventName) ?? "none");
    }

    /// <summary>The events of one month (<c>yyyy-MM</c>), newest first, at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<AccountEvent>> ListAsync(string month, int take, CancellationToken cancellationToken)
    {
        var events = new List<AccountEvent>();
        await foreach (var row in Events.QueryAsync<TableEntity>(e => e.PartitionKey == month, maxPerPage: take, cancellationToken: cancellationToken))
        {
            events.Add(new AccountEvent(
                Enum.TryParse<ChannelKind>(row.GetString("Channel"), out var channel) ? channel : ChannelKind.WhatsApp,
                row.GetString("Field") ?? string.Empty,
                row.GetString("Event"),
                row.GetString("AccountId"),
                row.GetString("PhoneNumber"),
                row.GetString("TemplateId"),
                row.GetString("TemplateName"),
                row.GetString("TemplateLanguage"),
                row.GetString("Reason"),
                row.GetString("Detail"),
                row.GetDateTimeOffset("ReceivedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue));
            if (events.Count == take)
            {
                break;
            }
        }

        return events;
    }

    private static string? Word(string? value) => FieldLimits.Clip(value, FieldLimits.MaxWord);

    private static string? Join(string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => null,
            (null, _) => second,
            (_, null) => first,
            _ => $"{first}: {second}",
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} account event recorded for administrators: {Field} {Event}")]
    private partial void LogRecorded(ChannelKind channel, string field, string @event);
}
