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
            var letters = word.Where(char.IsLetter).ToArray();
            var isUpper = letters.Length > 0 && letters.All(char.IsUpper);
            tokens.Add(new Token(Fold(word), start, i, isUpper, letters.Length > 0 && char.IsUpper(letters[0])));
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

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return max + 1;
            }
        }

        return d[a.Length, b.Length];
    }
}
