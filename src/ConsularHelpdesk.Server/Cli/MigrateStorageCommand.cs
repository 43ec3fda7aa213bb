using System.CommandLine;
using System.Globalization;
using Azure;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// <c>migrate-storage</c>: moves the inbox rows written before issue 9 into the current layout (<see cref="InboxMigration"/>),
/// then gives the conversations opened before issue 13 their row in the contact's index (<see cref="ContactIndexMigration"/>),
/// and encrypts the contacts written in clear or under a retired key (<see cref="ContactEncryption"/>),
/// against the storage account the configuration names. The Functions host has no command line; this runs from the
/// self-host executable with the same connection settings. Prints counts only: no names, no ids.
/// </summary>
internal static class MigrateStorageCommand
{
    /// <summary>Table Storage answers at most 1,000 rows a page.</summary>
    private const int MaxBatch = 1000;

    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Count the old rows (to move, and without a header to remove) and write nothing." };
        var batch = new Option<int>("--batch") { Description = $"Old rows read and moved per page of the query (1 to {MaxBatch}).", DefaultValueFactory = _ => 100 };
        batch.Validators.Add(result =>
        {
            // A number out of range; a value that is no number has the parser's own error (reading it here would throw).
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is < 1 or > MaxBatch)
            {
                result.AddError($"--batch must be between 1 and {MaxBatch}.");
            }
        });
        var command = new Command("migrate-storage", "Move the inbox rows of the layout before issue 9 (partition = post id) into open, history and marker rows, index every conversation under its contact (issue 13), and encrypt the contacts written in clear or under a retired key (Privacy:ActiveKey). Idempotent and resumable: run it again after an interruption.")
        {
            dryRun, batch,
        };
        var host = HostArguments.ForConfiguration();
        host.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            await using var app = HelpdeskServer.Build(host.Forward(result));
            var azurite = app.Services.GetServices<IHostedService>().OfType<AzuriteHost>().Single();
            await azurite.StartAsync(cancellationToken);
            try
            {
                var migration = ActivatorUtilities.CreateInstance<InboxMigration>(app.Services);
                var exit = await RunAsync(migration, result.GetValue(dryRun), result.GetValue(batch), output, cancellationToken);
                var contactIndex = ActivatorUtilities.CreateInstance<ContactIndexMigration>(app.Services);
                await BackfillContactIndexAsync(contactIndex, result.GetValue(dryRun), result.GetValue(batch), output, cancellationToken);
                var contacts = await EncryptContactsAsync(ActivatorUtilities.CreateInstance<ContactEncryption>(app.Services), result.GetValue(dryRun), output, cancellationToken);
                return Math.Max(exit, contacts);
            }
            catch (RequestFailedException e)
            {
                // Status and code only: the message quotes request addresses, which hold conversation ids.
                await result.InvocationConfiguration.Error.WriteLineAsync($"Storage answered {e.Status} {e.ErrorCode}: the migration stopped. What it did is kept; run it again to finish.");
                return 1;
            }
            finally
            {
                await azurite.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    /// <returns>1 when a contact's value does not decrypt (altered, or its key removed from the ring), else 0.</returns>
    private static async Task<int> EncryptContactsAsync(ContactEncryption encryption, bool dryRun, TextWriter output, CancellationToken cancellationToken)
    {
        var counts = await encryption.RunAsync(dryRun, cancellationToken);
        await output.WriteLineAsync(dryRun
            ? $"Contacts, dry run: {counts.Written} of {counts.Read} to encrypt under the active key."
            : $"Contacts: {counts.Written} of {counts.Read} encrypted under the active key, {counts.Unreadable} unreadable (left as stored).");
        return counts.Unreadable == 0 ? 0 : 1;
    }

    private static async Task<int> RunAsync(InboxMigration migration, bool dryRun, int batch, TextWriter output, CancellationToken cancellationToken)
    {
        var (moved, removed) = (0, 0);
        await foreach (var page in migration.MigrateAsync(batch, dryRun, cancellationToken))
        {
            (moved, removed) = (moved + page.Moved, removed + page.RemovedWithoutHeader);
            await output.WriteLineAsync(dryRun
                ? $"Batch {page.Number}: {page.Moved} to move, {page.RemovedWithoutHeader} without header to remove."
                : $"Batch {page.Number}: {page.Moved} moved, {page.RemovedWithoutHeader} removed without header, {page.Left} left.");
        }

        if (dryRun)
        {
            await output.WriteLineAsync($"Dry run, nothing written: {moved} old-layout row(s) to move, {removed} without header to remove, {moved + removed} left.");
            return 0;
        }

        // Counted again rather than added up: rows written meanwhile by code of the old layout still running count too.
        var remaining = await migration.CountOldRowsAsync(cancellationToken);
        await output.WriteLineAsync($"Done: {moved} moved, {removed} removed without header, {remaining} old-layout row(s) left.");
        return remaining == 0 ? 0 : 1;
    }

    /// <summary>The contact index's rows, once per conversation: one line at the end, counts only.</summary>
    private static async Task BackfillContactIndexAsync(ContactIndexMigration migration, bool dryRun, int batch, TextWriter output, CancellationToken cancellationToken)
    {
        var (added, present) = (0, 0);
        await foreach (var page in migration.BackfillAsync(batch, dryRun, cancellationToken))
        {
            (added, present) = (added + page.Added, present + page.Present);
        }

        await output.WriteLineAsync(dryRun
            ? $"Contact index, nothing written: {added} conversation(s) to index, {present} indexed already."
            : $"Contact index: {added} conversation(s) indexed, {present} indexed already.");
    }
}
