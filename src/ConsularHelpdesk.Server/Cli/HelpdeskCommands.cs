using System.CommandLine;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>One executable: the help desk (default, or <c>serve</c>) and the admin commands.</summary>
internal static class HelpdeskCommands
{
    /// <summary>
    /// Every command rejects what it does not know (error and help, exit code 1): a mistyped command or option must
    /// never start the server with settings other than those meant.
    /// </summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Consular Helpdesk: WhatsApp and Messenger help desk for consular posts (self-host and admin tool).");
        Serve(root);
        var serve = new Command("serve", "Run the help desk (the default).");
        Serve(serve);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(ReplayPoison());
        root.Subcommands.Add(Simulate());
        root.Subcommands.Add(RouteCommand.Create());
        root.Subcommands.Add(MigrateStorageCommand.Create());
        root.Subcommands.Add(RetentionCommand.Create());
        root.Subcommands.Add(CoverageCommand.Create());
        root.Subcommands.Add(AssessCommand.Create());
        root.Subcommands.Add(PrivacyCommand.Create());
        return root;
    }

    /// <summary>Makes the command run the help desk, with the host options and <c>--allow-remote-dev</c>.</summary>
    private static void Serve(Command command)
    {
        var host = HostArguments.ForServer();
        host.AddTo(command);
        var allowRemoteDev = new Option<bool>(DevelopmentBinding.AllowOption) { Description = "Let the Development environment listen on a non-loopback address (demo agents and the passwordless sign-in reachable from the network)." };
        command.Options.Add(allowRemoteDev);
        command.SetAction((result, cancellationToken) => ServeAsync(host.Forward(result), result.GetValue(allowRemoteDev), result.InvocationConfiguration.Error, cancellationToken));
    }

    private static async Task<int> ServeAsync(string[] args, bool allowRemoteDev, TextWriter error, CancellationToken cancellationToken)
    {
        await using var app = HelpdeskServer.Build(args);
        if (DevelopmentBinding.Refusal(app.Configuration, app.Environment, allowRemoteDev) is { } refusal)
        {
            await error.WriteLineAsync(refusal);
            return 1;
        }

        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static Command ReplayPoison()
    {
        var command = new Command("replay-poison", "Move every message of the poison queues back to their queues (after a fix).");
        var host = HostArguments.ForConfiguration();
        host.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var app = HelpdeskServer.Build(host.Forward(result));
            var azurite = app.Services.GetServices<IHostedService>().OfType<AzuriteHost>().Single();
            await azurite.StartAsync(cancellationToken);
            try
            {
                await app.Services.GetRequiredService<StorageClients>().EnsureCreatedAsync(cancellationToken);
                var pump = app.Services.GetRequiredService<QueuePump>();
                foreach (var queue in pump.QueueNames)
                {
                    var moved = await pump.ReplayPoisonAsync(queue, cancellationToken);
                    await Console.Out.WriteLineAsync($"{moved} message(s) moved from {queue}-poison back to {queue}.");
                }

                return 0;
            }
            finally
            {
                await azurite.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static Command Simulate()
    {
        var url = new Option<string>("--url") { Description = "The running help desk.", DefaultValueFactory = _ => "http://localhost:5080/" };
        var channel = new Option<string>("--channel") { Description = "whatsapp, messenger or both.", DefaultValueFactory = _ => "both" };
        channel.AcceptOnlyFromAmong("whatsapp", "messenger", "both");
        var text = new Option<string?>("--text") { Description = "The citizen's first message (a demo text otherwise)." };
        var graph = new Option<string>("--graph") { Description = "The local demo's fake Graph API, to show what the citizen received.", DefaultValueFactory = _ => "http://127.0.0.1:5081/" };
        var command = new Command("simulate", "Send correctly signed WhatsApp and Messenger webhooks (text, location, photo, voice note, a reply to a button) as a citizen would.")
        {
            url, channel, text, graph,
        };
        var host = HostArguments.ForConfiguration();
        host.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var configuration = WebApplication.CreateBuilder(host.Forward(result)).Configuration;
            var secrets = MetaSecrets.FromConfiguration(configuration);
            var channels = result.GetValue(channel) switch
            {
                "whatsapp" => [ChannelKind.WhatsApp],
                "messenger" => [ChannelKind.Messenger],
                _ => new[] { ChannelKind.WhatsApp, ChannelKind.Messenger },
            };
            using var http = new HttpClient { BaseAddress = new Uri(result.GetValue(url)!.TrimEnd('/') + "/") };
            var simulator = new CitizenSimulator(http, c => secrets.For(c).AppSecret);
            var failures = 0;
            foreach (var (c, kind, body) in CitizenSimulator.DemoMessages(channels, result.GetValue(text), TimeProvider.System, new Uri(result.GetValue(graph)!.TrimEnd('/') + "/")))
            {
                using var response = await simulator.SendAsync(c, body, cancellationToken);
                await Console.Out.WriteLineAsync($"{c,-9} {kind,-8} -> {(int)response.StatusCode} {response.ReasonPhrase}");
                failures += response.IsSuccessStatusCode ? 0 : 1;
            }

            await PrintReceivedAsync(result.GetValue(graph)!, cancellationToken);
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>What the help desk sent the citizens, as the local demo's fake Graph API recorded it.</summary>
    private static async Task PrintReceivedAsync(string graph, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(graph.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(5) };
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // the queue pump works asynchronously
        System.Text.Json.Nodes.JsonArray? received;
        try
        {
            received = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("received", cancellationToken))?.AsArray();
        }
        catch (HttpRequestException)
        {
            await Console.Out.WriteLineAsync($"(no fake Graph API at {graph}: replies went to the configured Graph API)");
            return;
        }

        await Console.Out.WriteLineAsync($"The citizens received {received?.Count ?? 0} message(s):");
        foreach (var item in received ?? [])
        {
            var body = item?["body"];
            var whatsApp = body?["messaging_product"] is not null;
            var message = whatsApp
                ? body?["text"]?["body"] ?? body?["interactive"]?["body"]?["text"]
                : body?["message"]?["text"];
            var choices = whatsApp
                ? body?["interactive"]?["action"]?["buttons"]?.AsArray().Select(b => b?["reply"]?["title"]?.ToString())
                    ?? body?["interactive"]?["action"]?["sections"]?.AsArray().SelectMany(section => section?["rows"]?.AsArray() ?? []).Select(r => r?["title"]?.ToString())
                : body?["message"]?["quick_replies"]?.AsArray().Select(q => q?["title"]?.ToString());
            await Console.Out.WriteLineAsync($"  {(whatsApp ? "WhatsApp " : "Messenger")} <- {message?.ToString().ReplaceLineEndings(" ")}");
            if (choices is not null)
            {
                await Console.Out.WriteLineAsync($"              [{string.Join("] [", choices)}]");
            }
        }
    }
}
