using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>What the migration of the old Inbox layout costs and touches, counted on the app's own storage pipeline.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboxMigrationTests(AzuriteFixture azurite)
{
    private const int History = 300;
    private const int Batch = 10;

    [Fact]
    public async Task The_migration_reads_no_partition_of_the_current_layout_and_changes_no_row_but_the_moved_conversations()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        // The stuck reply sweep keeps to itself here: its timer would add calls of its own to the count.
        var settings = new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00" };
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, settings, s => s.AddSingleton<HttpPipelinePolicy>(calls));
        var stays = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7700000000000001", "Je suis à Dakar", "dakar");
        var moves = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7700000000000002", "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        await SeedHistoryAsync(helpdesk);
        await OldLayoutInbox.ConvertAsync(helpdesk, moves);
        var untouched = await CurrentLayoutRowsAsync(helpdesk, except: moves);
        calls.Clear();

        var batches = await ActivatorUtilities.CreateInstance<InboxMigration>(helpdesk.Services).MigrateAsync(Batch, dryRun: false, CancellationToken.None).ToListAsync();

        batches.Should().ContainSingle().Which.Should().Be(new InboxMigrationBatch(1, 1, 0, 0));
        var inbox = calls.TableCalls.Where(c => c.Contains("/" + helpdesk.Storage.Names.Inbox + "(", StringComparison.Ordinal)).ToList();
        inbox.Where(c => c.Contains("/" + helpdesk.Storage.Names.Inbox + "()", StringComparison.Ordinal))
            .Should().HaveCountLessThan(History / Batch, "the scan reads the old rows' key ranges, not pages of the history");
        inbox.Where(c => c.Contains("PartitionKey='open-", StringComparison.Ordinal) || c.Contains("PartitionKey='closed-", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(c => c.Contains(moves, StringComparison.Ordinal), "only the moved conversation's own rows are read or written");
        (await CurrentLayoutRowsAsync(helpdesk, except: moves)).Should().Equal(untouched).And.Contain(r => r.Contains(stays, StringComparison.Ordinal));
    }

    /// <summary>Closed conversations of Dakar written as the documented schema has them (docs/storage.md).</summary>
    private static Task SeedHistoryAsync(HelpdeskInstance helpdesk) =>
        HistoryRows.AddAsync(
            helpdesk.Table(n => n.Inbox),
            Enumerable.Range(0, History).Select(i => HistoryRows.Closed("dakar", $"c{i:D24}", DateTimeOffset.UtcNow.AddDays(-30).AddMinutes(i))));

    /// <summary>The open and history rows with their ETags, but those of <paramref name="except"/> and the markers (which every change bumps).</summary>
    private static async Task<List<string>> CurrentLayoutRowsAsync(HelpdeskInstance helpdesk, string except) =>
        [.. (await OldLayoutInbox.SnapshotAsync(helpdesk.Table(n => n.Inbox)))
            .Where(r => (r.StartsWith("open-", StringComparison.Ordinal) || r.StartsWith("closed-", StringComparison.Ordinal))
                && !r.Contains(except, StringComparison.Ordinal)
                && !r.Contains($"|{InboxKeys.MarkerRowKey}|", StringComparison.Ordinal))];
}
