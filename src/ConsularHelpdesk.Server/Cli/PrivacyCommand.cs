using System.CommandLine;
using Azure;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Channels;
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
        command.Subcommands.Add(Erase());
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

    private static Command Erase()
    {
        var contact = ContactOption();
        var yes = new Option<bool>("--yes") { Description = "Confirm: without it, print what would be erased and exit with 3." };
        var command = new Command("erase", "Erase a citizen: every row, file and queue message that holds them, leaving only an audit record that an erasure happened. Resumable: run it again after an interruption.") { contact, yes };
        var host = HostArguments.ForConfiguration();
        host.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(host, result, contact, async (services, found, console) =>
        {
            var error = result.InvocationConfiguration.Error;
            var erasure = services.GetRequiredService<CitizenErasure>();
            if (await erasure.HeldAsync(found.ContactKey, cancellationToken) is { Count: > 0 } held)
            {
                await error.WriteLineAsync($"Refused: {held.Count} conversation(s) under legal hold ({string.Join(", ", held)}). Lift the hold first.");
                return 1;
            }

            var posts = string.Join(", ", found.Conversations.Select(c => c.PostId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            if (!result.GetValue(yes))
            {
                await console.WriteLineAsync($"Would erase the contact and {found.Conversations.Count} conversation(s) (posts: {posts}) with their messages, files and queue messages. Nothing was erased: add --yes to erase.");
                return 3;
            }

            var requests = services.GetRequiredService<ErasureRequests>();
            var audit = services.GetRequiredService<AuditLog>();
            var record = await requests.OpenForAsync(found.ContactKey, cancellationToken);
            if (record is null)
            {
                record = await requests.RequestAsync(found.ContactKey, found.Conversations.Count, Actor, cancellationToken);
                await audit.RecordAsync(PrivacyApi.AuditPartition, Actor, "privacy.erase.request", string.Empty, $"request={record.RowKey};conversations={record.Conversations}", cancellationToken);
            }

            if (record.ConfirmedBy is null)
            {
                // --yes is the console's confirmation.
                (record.ConfirmedBy, record.ConfirmedAt) = (Actor, services.GetRequiredService<TimeProvider>().GetUtcNow());
                if (!await requests.TrySaveAsync(record, cancellationToken))
                {
                    await error.WriteLineAsync("The erasure was changed meanwhile (confirmed on the page?): run the command again.");
                    return 1;
                }

                await audit.RecordAsync(PrivacyApi.AuditPartition, Actor, "privacy.erase.confirm", string.Empty, $"request={record.RowKey};alone=True", cancellationToken);
            }

            var done = await erasure.RunAsync(record, Actor, cancellationToken);
            await console.WriteLineAsync($"Erased (request {done.RowKey}): {done.Counts}");
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
            // An erasure stopped after the contact went (its last step) still finishes: its record names the key.
            var found = await finder.FindAsync(key, cancellationToken)
                ?? (await app.Services.GetRequiredService<ErasureRequests>().OpenForAsync(key, cancellationToken) is not null
                    ? new FoundCitizen(key, value.StartsWith("messenger", StringComparison.OrdinalIgnoreCase) ? ChannelKind.Messenger : ChannelKind.WhatsApp, null, [])
                    : null);
            if (found is null)
            {
                await error.WriteLineAsync("Nothing is held about this citizen.");
                return 1;
            }

            return await action(app.Services, found, output);
        }
        catch (LegalHoldException e)
        {
            await error.WriteLineAsync($"Refused: {e.ConversationIds.Count} conversation(s) under legal hold ({string.Join(", ", e.ConversationIds)}). Lift the hold first.");
            return 1;
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
