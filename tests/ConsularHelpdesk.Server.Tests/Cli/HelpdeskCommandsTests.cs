using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConsularHelpdesk.Server.Cli;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Cli;

/// <summary>The executable's command line: what it does not know is an error, never a server started anyway.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HelpdeskCommandsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--nonsense")]
    [InlineData("serve", "--nonsense")]
    [InlineData("serve", "extra")]
    [InlineData("--Meta:AppSecret=guess")]
    [InlineData("replay-poison", "--urls", "http://127.0.0.1:5080")]
    [InlineData("migrate-storage", "--nonsense")]
    [InlineData("coverage", "--post", "bangkok", "--nonsense")]
    [InlineData("coverage", "--post", "bangkok", "--at", "2026-11-29T03:00")]
    [InlineData("coverage", "--gaps", "--from", "2026-11-29T03:00Z", "--days", "90")]
    public async Task An_unknown_command_or_option_prints_an_error_and_the_help_and_starts_nothing(params string[] args)
    {
        var port = FreePort();

        var (exit, output, error) = await InvokeAsync([.. args, "--urls", $"http://127.0.0.1:{port}"]);

        exit.Should().NotBe(0);
        error.Should().NotBeEmpty();
        output.Should().Contain("Usage:");
        (await IsListeningAsync(port)).Should().BeFalse();
    }

    [Theory]
    [InlineData("--environment", "Development", "--urls", "http://0.0.0.0:0")]
    [InlineData("serve", "--urls=http://[::]:0", "--environment=Development")]
    public async Task Development_on_a_network_address_refuses_to_start_and_says_why(params string[] args)
    {
        var (exit, _, error) = await InvokeAsync(args);

        exit.Should().NotBe(0);
        error.Should().Contain("Refusing to start: the Development environment")
            .And.Contain("passwordless sign-in")
            .And.Contain("--allow-remote-dev");
    }

    [Fact]
    public async Task Development_on_a_network_address_starts_when_explicitly_allowed()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ConsularHelpdesk.Server.dll"), "--environment", "Development", "--urls", "http://0.0.0.0:0", "--allow-remote-dev" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Storage__ConnectionString"] = azurite.Azurite.ConnectionString,
            ["Storage__Prefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Storage__KeySecret"] = "test-key-secret",
            [$"Privacy__Keys__{HelpdeskInstance.PrivacyKeyId}"] = HelpdeskInstance.PrivacyKey,
            ["Privacy__ActiveKey"] = HelpdeskInstance.PrivacyKeyId,
            ["Meta__AppSecret"] = HelpdeskInstance.AppSecret,
            ["Meta__VerifyToken"] = HelpdeskInstance.VerifyToken,
            ["GraphApi__StartFake"] = "false",
            ["GraphApi__BaseUrl"] = "http://127.0.0.1:1/v21.0/",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        })
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        try
        {
            var listening = await ReadUntilAsync(process.StandardOutput, "Now listening on:").WaitAsync(TimeSpan.FromSeconds(60));

            listening.Should().MatchRegex(@"Now listening on: http://(0\.0\.0\.0|\[::\]):\d+");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Runs the command line in-process, as Program.cs does, with its output captured.</summary>
    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await HelpdeskCommands.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, timeout.Token)
            .WaitAsync(TimeSpan.FromSeconds(30)); // a server that started anyway would never return
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return "(the process ended without listening)";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
