using System.CommandLine;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Cli;

namespace ConsularHelpdesk.Server.Tests.Cli;

/// <summary>The <c>assess</c> command as the ministry runs it to tune the phrase lists: JSON out, no server, no storage.</summary>
public sealed class AssessCommandTests
{
    [Fact]
    public async Task Assess_prints_the_language_level_categories_and_matches_of_a_text()
    {
        const string text = "Ich bin in Lissabon im Krankenhaus nach einem Unfall, bitte helfen Sie";

        var (exit, output, _) = await InvokeAsync("assess", "--text", text);

        exit.Should().Be(0);
        var json = JsonNode.Parse(output)!;
        json["language"]!.GetValue<string>().Should().Be("de");
        json["level"]!.GetValue<string>().Should().Be("urgent");
        json["categories"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("hospital", "accident");
        var first = json["matches"]![0]!;
        first["category"]!.GetValue<string>().Should().Be("hospital");
        first["phrase"]!.GetValue<string>().Should().Be("im krankenhaus");
        first["level"]!.GetValue<string>().Should().Be("urgent");
        text.Substring(first["start"]!.GetValue<int>(), first["length"]!.GetValue<int>()).Should().Be("im Krankenhaus");
    }

    [Fact]
    public async Task The_language_option_chooses_the_list()
    {
        var (_, output, _) = await InvokeAsync("assess", "--text", "gearresteerd", "--language", "en");

        JsonNode.Parse(output)!["level"]!.GetValue<string>().Should().Be("none", "the English list does not know the Dutch word");
    }

    [Fact]
    public async Task Assess_with_a_cases_file_prints_one_json_line_per_case()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file,
        [
            """{"text":"Mon fils a été arrêté"}""",
            "",
            """{"text":"I have an appointment at the hospital for my visa medical","language":"en"}""",
            """{"text":"Mijn dochter is ontvoerd","language":"nl"}""",
        ]);

        var (exit, output, _) = await InvokeAsync("assess", "--cases", file);

        exit.Should().Be(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => l["level"]!.GetValue<string>()).Should().Equal("urgent", "none", "critical");
        lines[0]["matches"]![0]!["phrase"]!.GetValue<string>().Should().Be("été arrêté", "phrases are printed as the list writes them");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"language":"en"}""")]
    [InlineData("""{"text":"help","language":"es"}""")]
    [InlineData("""["text"]""")]
    public async Task A_bad_line_in_a_cases_file_is_named_and_fails_the_run(string bad)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["""{"text":"my son was arrested"}""", bad]);

        var (exit, output, error) = await InvokeAsync("assess", "--cases", file);

        exit.Should().NotBe(0);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        error.Should().Contain($"{Path.GetFileName(file)}:2");
    }

    [Fact]
    public async Task The_lists_option_takes_the_operator_folder_and_a_bad_list_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("assess-lists").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "distress.en.json"), """
            { "language": "en", "phrases": [ { "category": "stranded", "level": "urgent", "phrases": ["lost my umbrella"] } ],
              "negations": [], "reported": [], "falsePositives": [] }
            """);

        var (exit, output, _) = await InvokeAsync("assess", "--text", "I lost my umbrella", "--language", "en", "--lists", folder);

        exit.Should().Be(0);
        JsonNode.Parse(output)!["level"]!.GetValue<string>().Should().Be("urgent");

        await File.WriteAllTextAsync(Path.Combine(folder, "distress.en.json"), """{ "language": "en", "phrases": [ { "category": "weather", "level": "urgent", "phrases": ["rain"] } ], "negations": [], "reported": [], "falsePositives": [] }""");
        (exit, _, var error) = await InvokeAsync("assess", "--text", "rain", "--lists", folder);

        exit.Should().NotBe(0);
        error.Should().Contain("distress.en.json: phrases[0] (category 'weather', level 'urgent'): unknown category 'weather'");
    }

    [Theory]
    [InlineData("assess")]
    [InlineData("assess", "--text", "help", "--nonsense")]
    [InlineData("assess", "--text", "help", "--cases", "cases.jsonl")]
    [InlineData("assess", "--text", "help", "--language", "es")]
    [InlineData("assess", "--cases", "cases.jsonl", "--language", "en")]
    public async Task An_unknown_or_missing_option_prints_an_error_and_the_help(params string[] args)
    {
        var (exit, output, error) = await InvokeAsync(args);

        exit.Should().NotBe(0);
        error.Should().NotBeEmpty();
        output.Should().Contain("Usage:");
    }

    /// <summary>Runs the command line in-process, as Program.cs does, with its output captured.</summary>
    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await HelpdeskCommands.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, timeout.Token);
        return (exit, output.ToString(), error.ToString());
    }
}
