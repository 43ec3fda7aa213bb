using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Cli;

/// <summary><c>coverage</c> as an operator runs it: the real executable, against the storage of a running help desk whose roster the API wrote.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CoverageCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Coverage_of_a_post_at_an_instant_prints_one_JSON_object_with_its_duty_officer_first()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var (closed, opens) = RosterRequests.ClosedThenOpen("bangkok");
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("bangkok-night", "Nachtdienst Bangkok", "dutyOfficer", ["bangkok"])).EnsureSuccessStatusCode();
        (await admin.AddShiftAsync("bangkok-night", "bangkok", helpdesk.Local("bangkok", closed.AddHours(-2)), helpdesk.Local("bangkok", closed.AddHours(2)))).StatusCode.Should().Be(HttpStatusCode.Created);
        var at = TimeZoneInfo.ConvertTime(closed, TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok")).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        var (exit, output, error) = await RunAsync(helpdesk, "coverage", "--post", "bangkok", "--at", at);

        exit.Should().Be(0, error);
        output.Trim().Split('\n').Should().ContainSingle("one JSON object");
        var json = JsonNode.Parse(output)!.AsObject();
        json.Select(p => p.Key).Should().Equal("post", "at", "open", "nextOpen", "cover");
        json["post"]!.GetValue<string>().Should().Be("bangkok");
        json["at"]!.GetValue<DateTimeOffset>().Should().Be(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));
        json["open"]!.GetValue<bool>().Should().BeFalse();
        json["nextOpen"]!.GetValue<DateTimeOffset>().Should().Be(opens);
        var first = json["cover"]!.AsArray()[0]!.AsObject();
        first.Select(p => p.Key).Should().Equal("agentId", "name", "role");
        first["agentId"]!.GetValue<string>().Should().Be("bangkok-night");
        first["role"]!.GetValue<string>().Should().Be("postDuty");
    }

    [Fact]
    public async Task Gaps_print_one_JSON_object_per_uncovered_stretch_and_none_for_a_post_covered_all_day()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var day = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(30), TimeSpan.Zero); // beyond the demo roster's two weeks
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAgentAsync("bangkok-night", "Nachtdienst Bangkok", "dutyOfficer", ["bangkok"])).EnsureSuccessStatusCode();
        (await admin.AddShiftAsync("bangkok-night", "bangkok", helpdesk.Local("bangkok", day), helpdesk.Local("bangkok", day.AddDays(1)))).StatusCode.Should().Be(HttpStatusCode.Created);

        var (exit, output, error) = await RunAsync(helpdesk, "coverage", "--gaps", "--from", day.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture), "--days", "1");

        exit.Should().Be(0, error);
        var gaps = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        gaps.Should().NotBeEmpty().And.OnlyContain(g => g.Select(p => p.Key).SequenceEqual(new[] { "post", "from", "to" }));
        gaps.Should().OnlyContain(g => g["from"]!.GetValue<DateTimeOffset>() >= day && g["to"]!.GetValue<DateTimeOffset>() <= day.AddDays(1));
        gaps.Select(g => g["post"]!.GetValue<string>()).Should().Contain("paris").And.NotContain("bangkok").And.NotContain("central");
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(HelpdeskInstance helpdesk, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConsularHelpdesk.Server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var configuration = helpdesk.Services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = azurite.Azurite.ConnectionString,
            ["Storage__Prefix"] = configuration["Storage:Prefix"],
            ["Storage__KeySecret"] = configuration["Storage:KeySecret"],
            [$"Privacy__Keys__{HelpdeskInstance.PrivacyKeyId}"] = HelpdeskInstance.PrivacyKey,
            ["Privacy__ActiveKey"] = HelpdeskInstance.PrivacyKeyId,
            ["Meta__AppSecret"] = HelpdeskInstance.AppSecret,
            ["Meta__VerifyToken"] = HelpdeskInstance.VerifyToken,
            ["GraphApi__StartFake"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        })
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
