using System.Text.Json;
using ConsularHelpdesk.Server.Hosting;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>The version of the Azurite the benchmark runs (node_modules), for the report: figures hold for one emulator.</summary>
internal static class AzuriteVersion
{
    public static string Read()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "node_modules", "azurite", "package.json");
        using var package = JsonDocument.Parse(File.ReadAllText(path));
        return package.RootElement.GetProperty("version").GetString() ?? "?";
    }
}
