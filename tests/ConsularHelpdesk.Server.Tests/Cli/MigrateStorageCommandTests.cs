using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Cli;

/// <summary>
/// <c>migrate-storage</c> as an operator runs it: the real executable, against the storage of a running help desk that
/// holds conversations the code before issue 9 listed (<see cref="OldLayoutInbox"/>), checked through the triage API.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MigrateStorageCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Migrated_conversations_show_in_their_open_and_closed_views_and_a_closed_one_reopens_from_the_history()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var open = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "221770000101", "Je suis à Dakar", "dakar");
        var answered = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000102", "Je suis à Dakar", "dakar");
        var closed = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000103", "Je suis à Dakar", "dakar");
        (await agent.ChangeAsync(answered, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" })).IsSuccessStatusCode.Should().BeTrue();
        (await agent.ChangeAsync(closed, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        foreach (var id in new[] { open, answered, closed })
        {
            await OldLayoutInbox.ConvertAsync(helpdesk, id);
        }

        (await ListAsync(agent, "open")).Should().BeEmpty("the lists do not read the old layout");
        (await ListAsync(agent, "closed")).Should().BeEmpty();

        var (exit, output, error) = await RunAsync(helpdesk, "migrate-storage");

        exit.Should().Be(0, error);
        output.Should().Contain("Done: 3 moved, 0 removed without header, 0 old-layout row(s) left.");
        output.Should().NotContain(open).And.NotContain("Awa", "the output holds counts, no ids or names");
        (await ListAsync(agent, "open")).Should().BeEquivalentTo([open, answered]);
        (await ListAsync(agent, "waitingForCitizen")).Should().Equal(answered);
        (await ListAsync(agent, "closed")).Should().Equal(closed);
        (await OldRowsAsync(helpdesk)).Should().BeEmpty();

        (await agent.ChangeAsync(closed, "reopen")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ListAsync(agent, "closed")).Should().BeEmpty("the reopen finds the history row the migration wrote");
        (await ListAsync(agent, "open")).Should().BeEquivalentTo([open, answered, closed]);
    }

    [Fact]
    public async Task A_second_run_moves_nothing_and_changes_no_row()
    {
        await using var helpdesk = await StartAsync();
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000201", "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        await OldLayoutInbox.ConvertAsync(helpdesk, id);
        (await RunAsync(helpdesk, "migrate-storage")).Exit.Should().Be(0);
        var before = await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Inbox));

        var (exit, output, _) = await RunAsync(helpdesk, "migrate-storage");

        exit.Should().Be(0);
        output.Should().Contain("Done: 0 moved, 0 removed without header, 0 old-layout row(s) left.").And.NotContain("Batch");
        (await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Inbox))).Should().Equal(before, "not even the post's marker is bumped");
    }

    [Fact]
    public async Task A_run_interrupted_after_writing_the_new_row_is_finished_by_the_next()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000301", "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        // What a run killed between writing the new row and deleting the old one leaves: both.
        var old = await OldLayoutInbox.ConvertAsync(helpdesk, id, keepNewRow: true);

        var (exit, output, _) = await RunAsync(helpdesk, "migrate-storage");

        exit.Should().Be(0);
        output.Should().Contain("Done: 1 moved, 0 removed without header, 0 old-layout row(s) left.");
        (await OldRowsAsync(helpdesk)).Should().NotContain(old);
        (await ListAsync(agent, "open")).Should().Equal(id);
    }

    [Fact]
    public async Task An_old_row_whose_conversation_has_no_header_is_removed_and_counted()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var kept = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000401", "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        await OldLayoutInbox.ConvertAsync(helpdesk, kept);
        await OldLayoutInbox.OrphanAsync(helpdesk, "dakar", "c" + new string('0', 23) + "9");
        await OldLayoutInbox.OrphanAsync(helpdesk, "formerpost", "c" + new string('0', 23) + "8"); // a post no longer in the catalogue

        var (exit, output, _) = await RunAsync(helpdesk, "migrate-storage", "--batch", "1");

        exit.Should().Be(0);
        output.Should().Contain("Done: 1 moved, 2 removed without header, 0 old-layout row(s) left.");
        output.Split('\n').Count(l => l.StartsWith("Batch ", StringComparison.Ordinal)).Should().Be(3, "one line per page of one row");
        (await OldRowsAsync(helpdesk)).Should().BeEmpty();
        (await ListAsync(agent, "open")).Should().Equal(kept);
    }

    [Fact]
    public async Task A_dry_run_counts_and_writes_nothing()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var open = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000501", "Je suis à Dakar", "dakar");
        var closed = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000502", "Je suis à Dakar", "dakar");
        (await agent.ChangeAsync(closed, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        await OldLayoutInbox.ConvertAsync(helpdesk, open);
        await OldLayoutInbox.ConvertAsync(helpdesk, closed);
        await OldLayoutInbox.OrphanAsync(helpdesk, "dakar", "c" + new string('0', 23) + "7");
        var inbox = await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Inbox));
        var conversations = await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Conversations));

        var (exit, output, _) = await RunAsync(helpdesk, "migrate-storage", "--dry-run");

        exit.Should().Be(0);
        output.Should().Contain("Dry run, nothing written: 2 old-layout row(s) to move, 1 without header to remove, 3 left.");
        (await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Inbox))).Should().Equal(inbox);
        (await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Conversations))).Should().Equal(conversations);
    }

    [Fact]
    public async Task Conversations_opened_before_the_contact_index_get_their_row_once_a_second_run_writes_none()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var open = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "221770000701", "Je suis à Dakar", "dakar");
        var closed = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000702", "Je suis à Dakar", "dakar");
        (await agent.ChangeAsync(closed, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var contacts = helpdesk.Table(n => n.Contacts);
        // What storage written before issue 13 holds: contacts without conv- rows.
        var indexed = (await QueueDrain.RowsAsync(contacts)).Where(r => r.RowKey.StartsWith("conv-", StringComparison.Ordinal)).ToList();
        indexed.Select(r => r.RowKey).Should().BeEquivalentTo(["conv-" + open, "conv-" + closed], "the app wrote them at opening");
        foreach (var row in indexed)
        {
            await contacts.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var (dryExit, dryOutput, _) = await RunAsync(helpdesk, "migrate-storage", "--dry-run");
        dryExit.Should().Be(0);
        dryOutput.Should().Contain("Contact index, nothing written: 2 conversation(s) to index, 0 indexed already.");
        (await QueueDrain.RowsAsync(contacts)).Should().NotContain(r => r.RowKey.StartsWith("conv-", StringComparison.Ordinal));

        var (exit, output, error) = await RunAsync(helpdesk, "migrate-storage", "--batch", "1");

        exit.Should().Be(0, error);
        output.Should().Contain("Contact index: 2 conversation(s) indexed, 0 indexed already.").And.NotContain(open).And.NotContain(closed);
        var rows = (await QueueDrain.RowsAsync(contacts)).Where(r => r.RowKey.StartsWith("conv-", StringComparison.Ordinal)).ToList();
        rows.Select(r => (r.PartitionKey, r.RowKey)).Should().BeEquivalentTo(indexed.Select(r => (r.PartitionKey, r.RowKey)), "each under its own contact");
        rows.Should().OnlyContain(r => r.GetString("PostId") == "dakar" && r.GetDateTimeOffset("OpenedAt") != null);
        rows.Select(r => r.GetString("Channel")).Should().BeEquivalentTo(["WhatsApp", "Messenger"]);

        var (again, secondOutput, _) = await RunAsync(helpdesk, "migrate-storage");
        again.Should().Be(0);
        secondOutput.Should().Contain("Contact index: 0 conversation(s) indexed, 2 indexed already.");
        (await QueueDrain.RowsAsync(contacts)).Where(r => r.RowKey.StartsWith("conv-", StringComparison.Ordinal)).Select(r => r.ETag)
            .Should().BeEquivalentTo(rows.Select(r => r.ETag), "a row already there is not rewritten");
    }

    [Theory]
    [InlineData("--dryrun")]
    [InlineData("--batch", "0")]
    [InlineData("--batch", "1001")]
    [InlineData("--batch", "ten")]
    [InlineData("--urls", "http://127.0.0.1:5080")]
    [InlineData("extra")]
    public async Task An_unknown_or_invalid_option_prints_an_error_and_the_help_and_moves_nothing(params string[] args)
    {
        await using var helpdesk = await StartAsync();
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000601", "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        var old = await OldLayoutInbox.ConvertAsync(helpdesk, id);

        var (exit, output, error) = await RunAsync(helpdesk, ["migrate-storage", .. args]);

        exit.Should().NotBe(0);
        error.Should().NotBeEmpty();
        output.Should().Contain("Usage:").And.Contain("migrate-storage");
        (await OldRowsAsync(helpdesk)).Should().Equal(old);
    }

    private Task<HelpdeskInstance> StartAsync() => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

    /// <summary>The ids a view of Dakar's list shows (one page: the tests hold few conversations).</summary>
    private static async Task<List<string>> ListAsync(HttpClient agent, string view)
    {
        var page = await agent.GetFromJsonAsync<JsonObject>($"api/triage/posts/dakar/conversations?view={view}");
        return [.. page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    /// <summary>The Inbox rows of neither the open, the history nor the marker partitions.</summary>
    private static async Task<List<(string, string)>> OldRowsAsync(HelpdeskInstance helpdesk) =>
        [.. (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Inbox)))
            .Where(r => !r.PartitionKey.StartsWith("open-", StringComparison.Ordinal) && !r.PartitionKey.StartsWith("closed-", StringComparison.Ordinal) && !r.PartitionKey.StartsWith("marker-", StringComparison.Ordinal))
            .Select(r => (r.PartitionKey, r.RowKey))];

    /// <summary>The executable, as an operator starts it, with the help desk's storage settings in its environment.</summary>
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
