using System.Globalization;
using System.Text;

namespace ConsularHelpdesk.Audit;

/// <summary>
/// The audit as CSV (RFC 4180, a header line first, one line per entry). A cell that a spreadsheet would take for a
/// formula (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
/// </summary>
internal static class AuditCsv
{
    public const string Header = "at,post,agent,action,conversation,details";

    public static string Write(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var e in entries)
        {
            csv.Append(Cell(e.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))).Append(',')
                .Append(Cell(e.PostId)).Append(',')
                .Append(Cell(e.Actor)).Append(',')
                .Append(Cell(e.Action)).Append(',')
                .Append(Cell(e.ConversationId)).Append(',')
                .Append(Cell(e.Details ?? string.Empty)).Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
