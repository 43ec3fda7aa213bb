using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>
/// A transfer through the triage API on the self-host and Azurite, on a running fake clock: the response target of a
/// waiting conversation follows it to the new post (the new post's working day, one index row for the new due time).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConversationTransfersTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string Open = "dakar";
    private const string Closed = "newyork";

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_normal_conversation_transferred_from_an_open_post_to_a_closed_one_gets_the_new_posts_due_time()
    {
        var since = JumpToDakarOpenAndNewYorkClosed();
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var id = await ConversationAsync(helpdesk, "7500000000000201", since);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var before = (await agent.ThreadAsync(id))["conversation"]!["dueAt"]!.GetValue<DateTimeOffset>();

        using var moved = await agent.ChangeAsync(id, "transfer", new { postId = Closed, reason = "Lives in New York" });

        moved.StatusCode.Should().Be(HttpStatusCode.OK);
        var deadline = helpdesk.Services.GetRequiredService<ResponseDeadline>();
        before.Should().Be(deadline.DueAt(Open, false, since), "written while Dakar was open: the end of Dakar's working day");
        var after = (await moved.Content.ReadFromJsonAsync<JsonObject>())!["dueAt"]!.GetValue<DateTimeOffset>();
        var opens = helpdesk.Services.GetRequiredService<OfficeHours>().NextOpening(Closed, since)!.Value;
        after.Should().Be(deadline.DueAt(Closed, false, since)).And.BeAfter(opens, "New York is closed: the end of the next day it opens");
        after.Should().NotBe(before);
        var rows = await helpdesk.DeadlineRowsAsync();
        rows.Select(r => r.RowKey).Should().Equal([Deadlines.Key(after - TimeSpan.FromHours(1), id)], "one index row, for the new due time (an hour before it: near)");
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.ListedAsync(Closed, id))["dueAt"]!.GetValue<DateTimeOffset>().Should().Be(after, "the new post's list shows the new due time");
    }

    [Fact]
    public async Task A_transfer_whose_old_index_row_cannot_be_removed_is_made_and_audited_and_the_sweep_removes_the_row_later()
    {
        var since = JumpToDakarOpenAndNewYorkClosed();
        var armed = new Switch();
        var fault = new FaultInjection(m => armed.On && m.Request.Method == RequestMethod.Delete && DeadlinesRow(m), int.MaxValue);
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, services: s => s.AddSingleton<HttpPipelinePolicy>(fault));
        var id = await ConversationAsync(helpdesk, "7500000000000202", since);
        var before = await helpdesk.DeadlineRowsAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        armed.On = true;
        using var moved = await agent.ChangeAsync(id, "transfer", new { postId = Closed, reason = "Lives in New York" });
        armed.On = false;

        moved.StatusCode.Should().Be(HttpStatusCode.OK, "the transfer is made: the old row is left over, not a failure of it");
        fault.Injected.Should().BePositive();
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread");
        header.GetString("PostId").Should().Be(Closed);
        var rows = await helpdesk.DeadlineRowsAsync();
        rows.Select(r => r.RowKey).Should().BeEquivalentTo([before.Single().RowKey, header.GetString("DeadlineKey")], "the new row was written before the header pointed at it");
        (await AuditActionsAsync(helpdesk, Open, id)).Should().Equal("transfer-out");
        (await AuditActionsAsync(helpdesk, Closed, id)).Should().Equal("transfer-in");

        // The old row (Dakar's near time) comes due first: the sweep finds the header pointing elsewhere and removes it.
        // (The self-host's own sweep may meet it first during the jump: either way it is gone once a sweep has run.)
        var oldCheck = new DateTimeOffset(long.Parse(before.Single().RowKey[..19], CultureInfo.InvariantCulture), TimeSpan.Zero);
        _clock.Jump(oldCheck - _clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        (await helpdesk.DeadlineRowsAsync()).Select(r => r.RowKey).Should().Equal([header.GetString("DeadlineKey")]);
    }

    [Fact]
    public async Task A_transfer_whose_new_index_row_cannot_be_written_fails_and_changes_nothing()
    {
        var since = JumpToDakarOpenAndNewYorkClosed();
        var armed = new Switch();
        var fault = new FaultInjection(m => armed.On && m.Request.Method == RequestMethod.Put && DeadlinesRow(m), int.MaxValue);
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, services: s => s.AddSingleton<HttpPipelinePolicy>(fault));
        var id = await ConversationAsync(helpdesk, "7500000000000203", since);
        var before = await helpdesk.DeadlineRowsAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        armed.On = true;
        using var moved = await agent.ChangeAsync(id, "transfer", new { postId = Closed, reason = "Lives in New York" });
        armed.On = false;

        ((int)moved.StatusCode).Should().BeGreaterThanOrEqualTo(500);
        fault.Injected.Should().BePositive();
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread");
        (header.GetString("PostId"), header.GetString("DeadlineKey")).Should().Be((Open, before.Single().RowKey), "the header was not written");
        (await helpdesk.DeadlineRowsAsync()).Select(r => r.RowKey).Should().Equal([before.Single().RowKey]);
        (await AuditActionsAsync(helpdesk, Open, id)).Should().BeEmpty();

        using var again = await agent.ChangeAsync(id, "transfer", new { postId = Closed, reason = "Lives in New York" });
        again.StatusCode.Should().Be(HttpStatusCode.OK, "once storage answers, the same transfer goes through");
    }

    private static bool DeadlinesRow(HttpMessage message) => Uri.UnescapeDataString(message.Request.Uri.Path).Contains("Deadlines(", StringComparison.Ordinal);

    private static async Task<List<string>> AuditActionsAsync(HelpdeskInstance helpdesk, string post, string conversationId)
    {
        var actions = new List<string>();
        var from = post + "-";
        var to = post + ".";
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>(r => r.PartitionKey.CompareTo(from) > 0 && r.PartitionKey.CompareTo(to) < 0))
        {
            if (row.GetString("ConversationId") == conversationId && row.GetString("Action")!.StartsWith("transfer", StringComparison.Ordinal))
            {
                actions.Add(row.GetString("Action")!);
            }
        }

        return actions;
    }

    private sealed class Switch
    {
        private volatile bool _on;

        public bool On
        {
            get => _on;
            set => _on = value;
        }
    }

    /// <summary>Moves the clock to the next weekday at 10:00 UTC, a day or more ahead, when Dakar is open and New York closed.</summary>
    private DateTimeOffset JumpToDakarOpenAndNewYorkClosed()
    {
        var hours = new OfficeHours(OfficeHoursCalendar.LoadEmbedded(PostCatalog.LoadEmbedded()), new HostCountryHolidays());
        var now = _clock.GetUtcNow();
        var at = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(10), TimeSpan.Zero);
        while (!hours.IsOpen(Open, at) || hours.IsOpen(Closed, at))
        {
            at = at.AddDays(1);
        }

        _clock.Jump(at - now);
        return at;
    }

    /// <summary>A Messenger message from Dakar sent at <paramref name="sentAt"/>: the citizen waits from then.</summary>
    private static async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string psid, DateTimeOffset sentAt)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, sentAt, CitizenPayloads.MessengerText("Je suis à Dakar")))).StatusCode.Should().Be(HttpStatusCode.OK);
        var contactKey = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.Messenger, psid);
        var rows = await HelpdeskInstance.EventuallyAsync(helpdesk.ConversationRowsAsync, r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == Open && h.GetString("ContactKey") == contactKey));
        return rows.First(h => h.RowKey == "thread" && h.GetString("ContactKey") == contactKey).PartitionKey;
    }
}
