using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Server.Tests.Cli;

/// <summary>The <c>route</c> command as support staff run it: the real executable, JSON out.</summary>
public sealed class RouteCommandTests
{
    [Fact]
    public async Task Route_prints_the_post_and_every_step_with_its_reason()
    {
        var (exit, output, _) = await RunAsync("route", "--lat", "-11.6609", "--lon", "27.4794", "--phone", "+243990000000");

        exit.Should().Be(0);
        var json = JsonNode.Parse(output)!;
        json["post"]!["id"]!.GetValue<string>().Should().Be("lubumbashi");
        json["post"]!["city"]!.GetValue<string>().Should().Be("Lubumbashi");
        json["post"]!["country"]!.GetValue<string>().Should().Be("CD");
        json["post"]!["nameFr"]!.GetValue<string>().Should().Contain("Lubumbashi");
        json["step"]!.GetValue<string>().Should().Be("Location");
        json["steps"]!.AsArray().Select(s => s!["step"]!.GetValue<string>()).Should().Equal("Channel", "Location", "Text", "Phone");
        json["steps"]![3]!["decided"]!.GetValue<bool>().Should().BeTrue("+243 is a weak hint, outranked by the location");
    }

    [Fact]
    public async Task Route_with_a_cases_file_prints_one_json_line_per_case()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file,
        [
            """{"text":"Je suis à Porto Alegre"}""",
            "",
            """{"lat":41.7151,"lon":44.8271}""",
            """{"channel":"whatsapp","recipient":"100000000000001","text":"hello"}""",
        ]);

        var (exit, output, _) = await RunAsync("route", "--cases", file);

        exit.Should().Be(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => l["post"]!["id"]!.GetValue<string>()).Should().Equal("saopaulo", "moscow", "central");
        lines[0]["post"]!["city"]!.GetValue<string>().Should().Be("São Paulo");
        lines[2]["step"]!.GetValue<string>().Should().Be("Ask");
    }

    [Fact]
    public async Task A_bad_line_in_a_cases_file_is_named_and_fails_the_run()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["""{"text":"Lisbon"}""", "not json"]);

        var (exit, output, error) = await RunAsync("route", "--cases", file);

        exit.Should().Be(1);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        error.Should().Contain($"{Path.GetFileName(file)}:2");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConsularHelpdesk.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
