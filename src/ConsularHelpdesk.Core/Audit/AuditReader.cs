using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Audit;

/// <summary>
/// Reads the audit of one post back, newest first, a page at a time. The rows are keyed by post and month
/// (<see cref="AuditLog"/>) with an inverted time as row key, so a period is a row-key range in at most a few month
/// partitions; the agent and conversation filters are property filters inside that range (the service applies them).
/// One page costs at most <see cref="MaxCallsPerPage"/> queries whatever the audit holds for other posts or months:
/// when they did not fill the page, the token says where the next page goes on.
/// </summary>
internal sealed class AuditReader(StorageClients storage)
{
    /// <summary>Queries one page may make (a period of 92 days spans at most 4 months).</summary>
    public const int MaxCallsPerPage = 4;

    public async Task<AuditPage?> ReadAsync(AuditQuery query, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var months = Months(query.From, query.To);
        var index = 0;
        string? token = null;
        if (!string.IsNullOrEmpty(continuation))
        {
            if (Decode(continuation) is not var (month, azure) || (index = months.IndexOf(month)) < 0)
            {
                return null;
            }

            token = azure.Length == 0 ? null : azure;
        }

        var table = storage.Table(storage.Names.Audit);
        var items = new List<AuditEntry>(pageSize);
        for (var calls = 0; calls < MaxCallsPerPage && index < months.Count && items.Count < pageSize; calls++)
        {
            var need = pageSize - items.Count;
            Azure.Page<TableEntity>? page = null;
            await foreach (var p in table.QueryAsync<TableEntity>(Filter(query, months[index]), need, cancellationToken: cancellationToken).AsPages(token, need))
            {
                page = p;
                break;
            }

            items.AddRange(page!.Values.Take(need).Select(Entry));
            token = page.ContinuationToken;
            if (token is null)
            {
                index++;
            }
        }

        return new AuditPage(items, index < months.Count ? Encode(months[index], token) : null);
    }

    /// <summary>The months of the period, newest first.</summary>
    private static List<string> Months(DateOnly from, DateOnly to)
    {
        var months = new List<string>();
        for (var m = new DateOnly(to.Year, to.Month, 1); m >= new DateOnly(from.Year, from.Month, 1); m = m.AddMonths(-1))
        {
            months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }

        return months;
    }

    private static string Filter(AuditQuery query, string month)
    {
        var start = new DateTimeOffset(query.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(query.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // Row key = inverted ticks: the newest (just before the end) has the lowest key.
        var low = $"{DateTimeOffset.MaxValue.UtcTicks - end.UtcTicks + 1:D19}";
        var high = $"{DateTimeOffset.MaxValue.UtcTicks - start.UtcTicks + 1:D19}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {$"{query.PostId}-{month}"} and RowKey ge {low} and RowKey lt {high}");
        if (!string.IsNullOrEmpty(query.Actor))
        {
            filter += " and " + TableClient.CreateQueryFilter($"Actor eq {query.Actor}");
        }

        if (!string.IsNullOrEmpty(query.ConversationId))
        {
            filter += " and " + TableClient.CreateQueryFilter($"ConversationId eq {query.ConversationId}");
        }

        return filter;
    }

    private static AuditEntry Entry(TableEntity row) => new(
        row.GetDateTimeOffset("At") ?? row.Timestamp ?? DateTimeOffset.MinValue,
        row.PartitionKey.Length > 8 ? row.PartitionKey[..^8] : row.PartitionKey,
        row.GetString("Actor") ?? string.Empty,
        row.GetString("Action") ?? string.Empty,
        row.GetString("ConversationId") ?? string.Empty,
        row.GetString("Details"));

    private static string Encode(string month, string? azure) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{month}|{azure}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (string Month, string Azure)? Decode(string continuation)
    {
        if (continuation.Length > 2000)
        {
            return null;
        }

        try
        {
            var base64 = continuation.Replace('-', '+').Replace('_', '/');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            return text.Split('|', 2) is [var month, var azure] ? (month, azure) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
