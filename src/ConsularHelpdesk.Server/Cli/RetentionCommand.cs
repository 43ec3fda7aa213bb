using System.CommandLine;
using Azure;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Server.Hosting;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// <c>retention</c>: one retention sweep now (<see cref="RetentionSweep"/>), against the storage the configuration names,
/// as the timer would run it; <c>--dry-run</c> prints what would go and deletes nothing. Counts only: no ids, no names.
/// </summary>
internal static class RetentionCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what is past its retention period and delete nothing." };
        var command = new Command("retention", "Delete now what is past its retention period (Retention:ClosedDays, Retention:UnansweredDays), at most Retention:BatchSize conversations, as the hourly sweep does.")
        {
            dryRun,
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
                var run = await app.Services.GetRequiredService<RetentionSweep>().SweepAsync(result.GetValue(dryRun), cancellationToken);
                await output.WriteLineAsync(Summary(run));
                return 0;
            }
            catch (RequestFailedException e)
            {
                // Status and code only: the message quotes request addresses, which hold conversation ids.
                await result.InvocationConfiguration.Error.WriteLineAsync($"Storage answered {e.Status} {e.ErrorCode}: the sweep stopped. What it deleted stays deleted; run it again to finish.");
                return 1;
            }
            finally
            {
                await azurite.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    internal static string Summary(RetentionRun run)
    {
        var conversations = (closed: run.Total(RetentionSweep.ClosedPolicy, PurgeKinds.Conversations), unanswered: run.Total(RetentionSweep.UnansweredPolicy, PurgeKinds.Conversations));
        var contacts = run.Total(RetentionSweep.ClosedPolicy, PurgeKinds.Contacts) + run.Total(RetentionSweep.UnansweredPolicy, PurgeKinds.Contacts);
        var alerts = run.Total(RetentionSweep.ClosedPolicy, PurgeKinds.Alerts);
        var more = run.More ? " More is due: run it again." : string.Empty;
        return run.DryRun
            ? $"Dry run, nothing deleted: {conversations.closed} closed and {conversations.unanswered} unanswered conversation(s) due, {run.Held} under legal hold kept, {alerts} alert(s) due.{more}"
            : $"Deleted {conversations.closed} closed and {conversations.unanswered} unanswered conversation(s), {contacts} contact(s), {alerts} alert(s); {run.Held} under legal hold kept.{more}";
    }
}
