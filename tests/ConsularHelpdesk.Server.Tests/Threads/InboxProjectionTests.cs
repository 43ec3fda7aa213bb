using System.Net;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>
/// The inbox row follows the header whatever order writers finish in: a writer that read an older state and finishes
/// last (here, called after the newer one has finished) leaves no row where the conversation no longer is.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboxProjectionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_open_state_written_after_the_close_leaves_the_conversation_only_in_the_history()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7220000000000001");
        var stale = await HeaderAsync(helpdesk, id);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);

        await helpdesk.Services.GetRequiredService<ThreadStore>().UpdateInboxAsync(stale, null, null, CancellationToken.None);

        var closed = await HeaderAsync(helpdesk, id);
        (await RowsAsync(helpdesk)).Should().Equal((InboxKeys.HistoryPartition("dakar"), InboxKeys.HistoryRowKey(closed.ClosedAt!.Value, id), closed.Revision));
    }

    [Fact]
    public async Task A_close_written_after_the_reopen_leaves_the_conversation_only_in_the_open_list()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7220000000000002");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        var stale = await HeaderAsync(helpdesk, id);
        (await agent.ChangeAsync(id, "reopen")).StatusCode.Should().Be(HttpStatusCode.OK);

        await helpdesk.Services.GetRequiredService<ThreadStore>().UpdateInboxAsync(stale, null, null, CancellationToken.None);

        var reopened = await HeaderAsync(helpdesk, id);
        (await RowsAsync(helpdesk)).Should().Equal((InboxKeys.OpenPartition("dakar"), id, reopened.Revision));
    }

    [Fact]
    public async Task An_older_state_written_last_in_the_same_place_is_replaced_by_the_latest()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7220000000000004");
        var stale = await HeaderAsync(helpdesk, id);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "assign")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Written without reading the row first: it overwrites the newer row, then finds the newer header and writes that.
        await helpdesk.Services.GetRequiredService<ThreadStore>().UpdateInboxAsync(stale, null, null, CancellationToken.None);

        var assigned = await HeaderAsync(helpdesk, id);
        assigned.Revision.Should().BeGreaterThan(stale.Revision);
        (await RowsAsync(helpdesk)).Should().Equal((InboxKeys.OpenPartition("dakar"), id, assigned.Revision));
    }

    [Fact]
    public async Task A_repeated_update_bumps_the_posts_marker_again()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var id = await ConversationAsync(helpdesk, "7220000000000003");
        var header = await HeaderAsync(helpdesk, id);
        var threads = helpdesk.Services.GetRequiredService<ThreadStore>();
        var markers = new List<string>();

        for (var i = 0; i < 3; i++)
        {
            await threads.UpdateInboxAsync(header, null, null, CancellationToken.None);
            var marker = await helpdesk.Table(n => n.Inbox).GetEntityAsync<InboxMarkerEntity>(InboxKeys.MarkerPartition("dakar"), InboxKeys.MarkerRowKey);
            markers.Add(marker.Value.ETag + "|" + marker.Value.Stamp);
        }

        markers.Should().OnlyHaveUniqueItems();
        (await RowsAsync(helpdesk)).Should().Equal((InboxKeys.OpenPartition("dakar"), id, header.Revision));
    }

    private static async Task<ThreadHeaderEntity> HeaderAsync(HelpdeskInstance helpdesk, string id) =>
        (await helpdesk.Table(n => n.Conversations).GetEntityAsync<ThreadHeaderEntity>(id, ThreadHeaderEntity.HeaderRowKey)).Value;

    /// <summary>Every conversation row of the inbox (markers aside): where it is, and the revision it shows.</summary>
    private static async Task<List<(string PartitionKey, string RowKey, long Revision)>> RowsAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<(string, string, long)>();
        await foreach (var row in helpdesk.Table(n => n.Inbox).QueryAsync<TableEntity>())
        {
            if (row.RowKey != InboxKeys.MarkerRowKey)
            {
                rows.Add((row.PartitionKey, row.RowKey, row.GetInt64("Revision") ?? -1));
            }
        }

        return rows;
    }

    private static async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string psid)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, Now, CitizenPayloads.MessengerText("Je suis à Dakar")))).StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = await HelpdeskInstance.EventuallyAsync(() => RowsAsync(helpdesk), r => r.Any(x => x.PartitionKey == InboxKeys.OpenPartition("dakar")));
        return rows.First(x => x.PartitionKey == InboxKeys.OpenPartition("dakar")).RowKey;
    }
}
