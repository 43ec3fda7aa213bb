using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using static ConsularHelpdesk.Server.Tests.Infrastructure.StuckReplies;

namespace ConsularHelpdesk.Server.Tests.Replies;

/// <summary>
/// A reply whose process died between its thread write and its enqueue: the sweep queues it again once the grace
/// period is over (through the real self-host on Azurite), and each reply id still reaches the citizen once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StuckReplySweeperTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    private static StuckReplySweeper Sweeper(HelpdeskInstance helpdesk) => helpdesk.Services.GetRequiredService<StuckReplySweeper>();

    [Fact]
    public async Task A_reply_left_unqueued_by_a_crash_is_sent_once_after_the_grace_period()
    {
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1);
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000001");
        using var crashed = await ReplyAsync(agent, id, "Nous vous rappelons demain.");
        crashed.IsSuccessStatusCode.Should().BeFalse("the process died before the reply was queued");
        (await StatusesAsync(helpdesk)).Should().Equal("Pending");

        _clock.Jump(Grace + TimeSpan.FromSeconds(1));
        var sweep = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);

        sweep.Should().Be(new StuckReplySweep(Requeued: 1, Deferred: 0, Cleared: 0));
        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count >= 1);
        sent.Should().ContainSingle().Which.Body!["message"]!["text"]!.GetValue<string>().Should().Be("Nous vous rappelons demain.");
        sent[0].Body!["recipient"]!["id"]!.GetValue<string>().Should().Be("7300000000000001");
        (await HelpdeskInstance.EventuallyAsync(() => StatusesAsync(helpdesk), s => s is ["Sent"])).Should().Equal("Sent");
        (await HelpdeskInstance.EventuallyAsync(() => PendingRowsAsync(helpdesk), r => r.Count == 0)).Should().BeEmpty("the sender removes the row when done");
    }

    [Fact]
    public async Task Sweeping_again_or_queuing_the_same_reply_twice_more_sends_nothing_more()
    {
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1);
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000002");
        using var crashed = await ReplyAsync(agent, id, "Votre rendez-vous est confirmé.");
        _clock.Jump(Grace + TimeSpan.FromSeconds(1));
        var stuck = (await helpdesk.Services.GetRequiredService<PendingSends>().DueAsync(10, CancellationToken.None)).Should().ContainSingle().Subject.Message;
        await Sweeper(helpdesk).SweepAsync(CancellationToken.None);
        (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count >= 1)).Should().ContainSingle();
        await HelpdeskInstance.EventuallyAsync(() => PendingRowsAsync(helpdesk), r => r.Count == 0);

        var again = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);
        var queue = helpdesk.Services.GetRequiredService<OutboundQueue>();
        await queue.EnqueueAsync(stuck, CancellationToken.None);
        await queue.EnqueueAsync(stuck, CancellationToken.None);
        await HelpdeskInstance.EventuallyAsync(() => OutboundQueueLengthAsync(helpdesk), n => n == 0);

        again.Should().Be(new StuckReplySweep(0, 0, 0));
        helpdesk.Graph.Received.Should().ContainSingle();
        (await StatusesAsync(helpdesk)).Should().Equal("Sent");
    }

    [Fact]
    public async Task A_reply_still_within_its_grace_period_is_not_queued_again()
    {
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1);
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000003");
        using var crashed = await ReplyAsync(agent, id, "Un instant, s'il vous plaît.");

        _clock.Jump(Grace - TimeSpan.FromSeconds(10));
        var sweep = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);

        sweep.Should().Be(new StuckReplySweep(0, 0, 0));
        (await OutboundQueueLengthAsync(helpdesk)).Should().Be(0);
        (await StatusesAsync(helpdesk)).Should().Equal("Pending");
        (await PendingRowsAsync(helpdesk)).Should().ContainSingle("the next sweep after the grace period finds it");
        helpdesk.Graph.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_reply_sent_normally_leaves_no_pending_row_and_nothing_to_sweep()
    {
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock);
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000004");
        using var reply = await ReplyAsync(agent, id, "Bonjour, nous vous aidons.");
        reply.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
        await HelpdeskInstance.EventuallyAsync(() => StatusesAsync(helpdesk), s => s is ["Sent"]);

        var pending = await HelpdeskInstance.EventuallyAsync(() => PendingRowsAsync(helpdesk), r => r.Count == 0);
        _clock.Jump(Grace + TimeSpan.FromSeconds(1));
        var sweep = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);

        pending.Should().BeEmpty();
        sweep.Should().Be(new StuckReplySweep(0, 0, 0));
        helpdesk.Graph.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task A_reply_abandoned_mid_send_waits_for_its_senders_lease_then_is_sent_once()
    {
        var grace = TimeSpan.FromSeconds(30);
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1, grace: grace);
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000005");
        using var crashed = await ReplyAsync(agent, id, "Nous transmettons votre dossier.");
        var rowKey = (await helpdesk.OutboundAsync()).Single().RowKey;
        // A sender claims it and dies mid-send: the row stays "Sending" and no queue message is left.
        (await helpdesk.Services.GetRequiredService<SendClaims>().TryClaimForSendingAsync(id, rowKey, OutboundSender.SendLease, CancellationToken.None))
            .Should().Be(SendClaim.Claimed);

        _clock.Jump(grace + TimeSpan.FromSeconds(1));
        var whileClaimed = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);
        var statusWhileClaimed = await StatusesAsync(helpdesk);
        _clock.Jump(OutboundSender.SendLease);
        var afterLease = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);

        whileClaimed.Should().Be(new StuckReplySweep(Requeued: 0, Deferred: 1, Cleared: 0));
        statusWhileClaimed.Should().Equal("Sending");
        afterLease.Should().Be(new StuckReplySweep(Requeued: 1, Deferred: 0, Cleared: 0));
        await HelpdeskInstance.EventuallyAsync(() => StatusesAsync(helpdesk), s => s is ["Sent"]);
        helpdesk.Graph.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task An_intake_question_cut_short_by_a_crash_goes_once_and_the_sweep_clears_its_leftover_row()
    {
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1);

        // The crash fails the inbound message's first attempt; its redelivery asks the same question (same reply id).
        var body = CitizenPayloads.WhatsApp("32470000301", "Lena", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText("Hallo, ich habe meinen Reisepass verloren und weiß nicht, was ich tun soll"));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        await HelpdeskInstance.EventuallyAsync(() => StatusesAsync(helpdesk), s => s is ["Sent"]);
        var leftover = await PendingRowsAsync(helpdesk);
        _clock.Jump(Grace + TimeSpan.FromSeconds(1));
        var sweep = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);

        leftover.Should().ContainSingle("the crashed attempt's row: its message was queued by the redelivery, without the row's key");
        sweep.Should().Be(new StuckReplySweep(Requeued: 0, Deferred: 0, Cleared: 1));
        (await PendingRowsAsync(helpdesk)).Should().BeEmpty();
        var question = helpdesk.Graph.Received.Should().ContainSingle().Which.Body!["interactive"]!;
        question["action"]!["buttons"]!.AsArray()
            .Select(b => b!["reply"]!["id"]!.GetValue<string>()).Should().Equal("WHERE:SHARE", "WHERE:BE", "WHERE:OTHER");
        question["body"]!["text"]!.GetValue<string>().Should().StartWith("Wo befinden Sie sich gerade?", "the redelivery asks in the language the thread knows");
    }

    [Fact]
    public async Task A_sweep_reads_only_the_due_pending_rows_however_many_replies_were_sent_before()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(azurite.Azurite.ConnectionString, _clock, crashes: 1, calls: calls);
        var (id, agent) = await ConversationAsync(helpdesk, "7300000000000006");
        using var crashed = await ReplyAsync(agent, id, "Stuck");
        for (var i = 0; i < 12; i++)
        {
            using var sent = await ReplyAsync(agent, id, $"Reply {i}");
        }

        await HelpdeskInstance.EventuallyAsync(() => StatusesAsync(helpdesk), s => s.Count(x => x == "Sent") == 12);
        (await HelpdeskInstance.EventuallyAsync(() => PendingRowsAsync(helpdesk), r => r.Count == 1)).Should().ContainSingle();
        _clock.Jump(Grace + TimeSpan.FromSeconds(1));
        calls.Clear();

        var sweep = await Sweeper(helpdesk).SweepAsync(CancellationToken.None);
        var tableCalls = calls.TableCalls;

        sweep.Requeued.Should().Be(1);
        tableCalls.Should().HaveCount(3, "one range query of the index, one read of the stuck message, one move of its index row");
        tableCalls[0].Should().StartWith("GET ").And.Contain($"{helpdesk.Storage.Names.PendingSends}()").And.Contain("RowKey lt");
        tableCalls[1].Should().StartWith("GET ").And.Contain($"{helpdesk.Storage.Names.Conversations}(PartitionKey='{id}',RowKey=");
        tableCalls[2].Should().StartWith("POST ").And.EndWith("$batch");
        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 13);
    }
}
