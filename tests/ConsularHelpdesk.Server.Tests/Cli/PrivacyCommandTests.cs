using System.Diagnostics;
using System.IO.Compression;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Cli;

/// <summary><c>privacy export|erase</c> as an operator runs them: the real executable, against a running help desk's storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivacyCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Privacy_export_writes_the_citizens_zip_and_prints_counts_only()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var citizen = await PrivacyCitizens.CreateAsync(helpdesk, "32470123458", "Jan Consolewerker", "walrus-ibis-332");
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.zip");
        try
        {
            var (exit, output, error) = await RunAsync(helpdesk, "privacy", "export", "--contact", "whatsapp:+32470123458", "--out", file);

            exit.Should().Be(0, error);
            output.Should().Contain("Exported 2 conversation(s)").And.Contain("2 file(s)").And.NotContain("32470123458").And.NotContain("Jan");
            using var zip = ZipFile.OpenRead(file);
            zip.Entries.Select(e => e.FullName).Should().Contain(["README.txt", "contact.json"]);
            zip.Entries.Count(e => e.FullName.EndsWith("/messages.json", StringComparison.Ordinal)).Should().Be(2);
            (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Audit))).Should().ContainSingle(r => r.GetString("Action") == "privacy.export")
                .Which.GetString("Actor").Should().Be("console");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Privacy_erase_without_yes_prints_what_it_would_erase_and_with_yes_erases_it()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var citizen = await PrivacyCitizens.CreateAsync(helpdesk, "32470123461", "Piet Consolewisser", "gecko-tapir-118");

        var (dry, dryOutput, _) = await RunAsync(helpdesk, "privacy", "erase", "--contact", "whatsapp:0032470123461");

        dry.Should().Be(3);
        dryOutput.Should().Contain("Would erase the contact and 2 conversation(s) (posts: lisbon)").And.Contain("add --yes");
        (await StorageScan.AllAsync(helpdesk.Storage)).Should().Contain(e => e.Text.Contains("gecko-tapir-118", StringComparison.Ordinal), "nothing is erased without --yes");

        var (exit, output, error) = await RunAsync(helpdesk, "privacy", "erase", "--contact", "whatsapp:+32470123461", "--yes");

        exit.Should().Be(0, error);
        output.Should().Contain("Erased (request e").And.NotContain("32470123461").And.NotContain("Piet");
        var scan = await StorageScan.AllAsync(helpdesk.Storage);
        foreach (var trace in new[] { "32470123461", "Consolewisser", "gecko-tapir-118", citizen.ContactKey })
        {
            scan.Where(e => e.Text.Contains(trace, StringComparison.Ordinal) || e.Where.Contains(trace, StringComparison.Ordinal)).Select(e => e.Where).Should().BeEmpty(trace);
        }

        scan.Where(e => e.Where.StartsWith("table Audit privacy-", StringComparison.Ordinal)).Select(e => e.Text)
            .Should().HaveCount(3).And.OnlyContain(t => t.Contains("Actor=console", StringComparison.Ordinal));
        (await RunAsync(helpdesk, "privacy", "erase", "--contact", "whatsapp:+32470123461", "--yes")).Exit.Should().Be(1, "nothing is held any more");
    }

    [Theory]
    [InlineData("privacy", "erase", "--yes")]
    [InlineData("privacy", "erase", "--contact", "whatsapp:+32470123459", "--force")]
    [InlineData("privacy", "export", "--contact", "whatsapp:+32470123459")]
    [InlineData("privacy", "export", "--contact", "whatsapp:+32470123459", "--out", "x.zip", "--all")]
    [InlineData("privacy", "exportt", "--contact", "whatsapp:+32470123459", "--out", "x.zip")]
    public async Task An_unknown_or_missing_option_prints_an_error_and_the_help(params string[] args)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

        var (exit, output, error) = await RunAsync(helpdesk, args);

        exit.Should().NotBe(0);
        error.Should().NotBeEmpty();
        output.Should().Contain("Usage:");
    }

    [Fact]
    public async Task A_contact_that_cannot_be_a_citizen_is_refused()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

        var (exit, _, error) = await RunAsync(helpdesk, "privacy", "export", "--contact", "telegram:123", "--out", Path.Combine(Path.GetTempPath(), "never.zip"));

        exit.Should().NotBe(0);
        error.Should().Contain("--contact is whatsapp:");
    }

    /// <summary>The executable, as an operator starts it, with the help desk's storage settings in its environment.</summary>
    internal async Task<(int Exit, string Output, string Error)> RunAsync(HelpdeskInstance helpdesk, params string[] args)
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
