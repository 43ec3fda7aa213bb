using System.Globalization;
using System.Text;

namespace ConsularHelpdesk.Routing.Text;

/// <summary>A word of a text: its folded form and where it stands in the original.</summary>
internal readonly record struct Token(string Norm, int Start, int End, bool IsUpper, bool IsCapitalized);

/// <summary>Case and diacritics folding ("Liège" → "liege", "Straße" → "strasse") and word splitting.</summary>
internal static class TextNormalizer
{
    public static string Fold(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant(); // most words: nothing to decompose
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            switch (c)
            {
                case 'ß': sb.Append("ss"); break;
                case 'æ' or 'Æ': sb.Append("ae"); break;
                case 'œ' or 'Œ': sb.Append("oe"); break;
                case 'ø' or 'Ø': sb.Append('o'); break;
                case 'ł' or 'Ł': sb.Append('l'); break;
                case 'đ' or 'Đ' or 'ð' or 'Ð': sb.Append('d'); break;
                case 'ı': sb.Append('i'); break;
                case 'þ' or 'Þ': sb.Append("th"); break;
                default: sb.Append(char.ToLowerInvariant(c)); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Runs of letters and digits; everything else (spaces, punctuation, hyphens, apostrophes, emoji) separates.</summary>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            var word = text[start..i];
            int letters = 0, upper = 0;
            var capitalized = false;
            foreach (var c in word)
            {
                if (char.IsLetter(c))
                {
                    capitalized = letters == 0 ? char.IsUpper(c) : capitalized;
                    letters++;
                    upper += char.IsUpper(c) ? 1 : 0;
                }
            }

            tokens.Add(new Token(Fold(word), start, i, letters > 0 && upper == letters, capitalized));
        }

        return tokens;
    }

    /// <summary>A name as the key it is looked up by: folded words joined by single spaces.</summary>
    public static string Key(string name) => string.Join(' ', Tokenize(name).Select(t => t.Norm));

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        // Optimal string alignment with three rolling rows on the stack: this runs for every unknown word of a message.
        var width = b.Length + 1;
        Span<int> buffer = width * 3 <= 512 ? stackalloc int[width * 3] : new int[width * 3];
        var before = buffer[..width];
        var previous = buffer.Slice(width, width);
        var current = buffer.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, before[j - 2] + 1);
                }

                current[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var recycled = before;
            before = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }
}
