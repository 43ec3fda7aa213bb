using System.Text;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// A text made fit for a WhatsApp template's body parameter: Meta refuses one with a newline, a tab or more than four
/// spaces in a row (so every run of white space becomes one space, and control and format characters go), and the
/// whole body is at most 1,024 characters (so it is clipped, with an ellipsis, to the configured limit).
/// </summary>
internal static class TemplateParameter
{
    /// <summary>Kept: it joins the parts of one emoji (a family, a flag with a sign).</summary>
    private const char ZeroWidthJoiner = '\u200D';

    public static string Clean(string text, int limit)
    {
        var builder = new StringBuilder(Math.Min(text.Length, limit + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c) || (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && c != ZeroWidthJoiner))
            {
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        if (builder.Length <= limit)
        {
            return builder.ToString();
        }

        // Clip without splitting a surrogate pair, then mark the cut.
        var cut = limit - 1;
        if (cut > 0 && char.IsHighSurrogate(builder[cut - 1]))
        {
            cut--;
        }

        return builder.ToString(0, cut).TrimEnd() + "…";
    }
}
