using System.Text;

namespace ConsularHelpdesk.Routing.Catalog;

/// <summary>
/// Reads the repository's own small CSV files, not CSV in general: one record per line (no line breaks inside a
/// field), comma separated, a field may be quoted with double quotes and then contain commas and doubled quotes
/// (<c>"a, ""b"""</c>). Blank lines and lines starting with <c>#</c> are comments. Fields are trimmed.
/// </summary>
internal static class SimpleCsv
{
    internal readonly record struct Line(int Number, string Text, IReadOnlyList<string> Fields);

    /// <exception cref="InvalidDataException">A quote is not closed, or text follows a closing quote.</exception>
    public static IEnumerable<Line> Read(TextReader reader, string file)
    {
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            yield return new Line(number, text, Split(text, file, number));
        }
    }

    private static List<string> Split(string text, string file, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new InvalidDataException($"{file} line {number}: a quoted field is not closed.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }

                if (i < text.Length && text[i] != ',')
                {
                    throw new InvalidDataException($"{file} line {number}: text after the closing quote of field {fields.Count + 1}.");
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString().Trim());
            field.Clear();
            if (i >= text.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }
}
