using System.Text;

namespace ConsularHelpdesk.Routing.Catalog;

/// <summary>The embedded data files as text, so tests can load them as they are or with one thing broken.</summary>
internal static class CatalogData
{
    public static string Text(string file)
    {
        var assembly = typeof(PostCatalog).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Routing.Data." + file, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public static PostCatalog Load(string? posts = null, string? jurisdictions = null, string? countries = null, string? subdivisions = null)
    {
        using var p = Utf8(posts ?? Text(PostCatalog.PostsFile));
        using var j = Utf8(jurisdictions ?? Text(PostCatalog.JurisdictionsFile));
        using var c = Utf8(countries ?? Text(PostCatalog.CountriesFile));
        using var s = Utf8(subdivisions ?? Text(PostCatalog.SubdivisionsFile));
        return PostCatalog.Load(p, j, c, s);
    }

    /// <summary>The text with <paramref name="old"/> replaced once; fails when it is not there, so a test cannot go stale silently.</summary>
    public static string ReplaceOnce(this string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"'{old}' is not in the data any more: update the test.");
        }

        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
