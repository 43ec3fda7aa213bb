using System.Text;

namespace ConsularHelpdesk.Channels;

/// <summary>Webhook bodies written from Meta's documented payload shapes, copied next to the test assembly.</summary>
internal static class Fixtures
{
    public static byte[] Read(string channel, string name) => File.ReadAllBytes(Path.Combine(Folder(channel), name + ".json"));

    public static TheoryData<string> Names(string channel)
    {
        var names = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder(channel), "*.json").Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileNameWithoutExtension(file));
        }

        return names;
    }

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static string Folder(string channel) => Path.Combine(AppContext.BaseDirectory, "Channels", "Fixtures", channel);
}
