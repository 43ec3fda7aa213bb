using System.CommandLine;
using Azure;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// <c>privacy export|erase --contact &lt;channel&gt;:&lt;id&gt;</c>: a citizen's access request and erasure from the console,
/// against the storage account the configuration names (the same core as the admin page). Audited as
/// <c>console</c>; prints counts, never the citizen's data.
/// </summary>
internal static class PrivacyCommand
{
    /// <summary>Who the audit names for what the console does (the page names the administrator).</summary>
    public const string Actor = "console";

    public static Command Create()
    {
        var command = new Command("privacy", "A citizen's access request (export) and erasure.");
        command.Subcommands.Add(Export());
        return command;
    }

    private static Option<string> ContactOption() => new("--contact")
    {
        Description = "The citizen: whatsapp:<phone number in international form, or US.… id> or messenger:<page-scoped id>.",
        Required = true,
    };

    private static Command Export()
    {
        var contact = ContactOption();
        var output = new Option<FileInfo>("--out") { Description = "The ZIP file to write (replaced if it exists).", Required = true };
        var command = new Command("export", "Write everything held about a citizen (contact, conversations, messages and notes, files) to a ZIP.") { contact, output };
        var host = HostArguments.ForConfiguration();
        host.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(host, result, contact, async (services, found, console) =>
        {
            var file = result.GetValue(output)!;
            await services.GetRequiredService<AuditLog>().RecordAsync(
                PrivacyApi.AuditPartition, Actor, "privacy.export", string.Empty, $"conversations={found.Conversations.Count}", cancellationToken);
            ExportCounts counts;
            await using (var stream = file.Create())
            {
                counts = await services.GetRequiredService<CitizenExport>().WriteAsync(found, stream, cancellationToken);
            }

            await console.WriteLineAsync($"Exported {counts.Conversations} conversation(s), {counts.Messages} message(s) and {counts.Files} file(s) ({counts.FileBytes} bytes) to {file.FullName}.");
            return 0;
        }, cancellationToken));
        return command;
    }

    /// <summary>Starts what the configuration needs (Azurite locally), finds the citizen, runs <paramref name="action"/>.</summary>
    private static async Task<int> RunAsync(
        HostArguments host, ParseResult result, Option<string> contact, Func<IServiceProvider, FoundCitizen, TextWriter, Task<int>> action, CancellationToken cancellationToken)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        var value = result.GetValue(contact)!;
        var colon = value.IndexOf(':');
        await using var app = HelpdeskServer.Build(host.Forward(result));
        var finder = app.Services.GetRequiredService<CitizenFinder>();
        if (colon <= 0 || finder.KeyOf(value[..colon], value[(colon + 1)..]) is not { } key)
        {
            await error.WriteLineAsync("--contact is whatsapp:<phone number in international form, or US.… id> or messenger:<page-scoped id>.");
            return 2;
        }

        var azurite = app.Services.GetServices<IHostedService>().OfType<AzuriteHost>().Single();
        await azurite.StartAsync(cancellationToken);
        try
        {
            if (await finder.FindAsync(key, cancellationToken) is not { } found)
            {
                await error.WriteLineAsync("Nothing is held about this citizen.");
                return 1;
            }

            return await action(app.Services, found, output);
        }
        catch (RequestFailedException e)
        {
            // Status and code only: the message quotes request addresses, which hold keys and conversation ids.
            await error.WriteLineAsync($"Storage answered {e.Status} {e.ErrorCode}: stopped. Run the command again.");
            return 1;
        }
        finally
        {
            await azurite.StopAsync(CancellationToken.None);
        }
    }
}
