using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>The Functions app's build output as deployed (copied next to the tests by the test project).</summary>
internal static class FunctionsApp
{
    public static JsonNode Read(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", fileName);
        File.Exists(path).Should().BeTrue($"the build copies {fileName} from the Functions project's output to {path}");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}
