using System.Net;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Targets;

/// <summary>
/// Response targets through the real self-host on Azurite, on a running fake clock: an urgent conversation (first
/// answer within 15 minutes) is flagged near its target in the lists, each breach level tells its tier once (post
/// duty, then the central desk, then the post's supervisors), even with two sweeps at once; webhooks carry nothing
/// personal and are retried on 5xx; an assignee away loses the conversation; an answer ends the target.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ResponseTargetSweeperTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task An_urgent_conversation_is_flagged_near_its_target_in_the_posts_list_five_minutes_before_it()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000001");
        var before = await agent.ListedAsync("dakar", id);

        _clock.Jump(TimeSpan.FromMinutes(11));
        var sweep = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        before["target"].Should().BeNull("ten minutes are left");
        before["dueAt"].Should().NotBeNull();
        sweep.Flagged.Should().Be(1);
        var listed = await agent.ListedAsync("dakar", id);
        listed["target"]!.GetValue<string>().Should().Be("near");
        (listed["dueAt"]!.GetValue<DateTimeOffset>() - before["dueAt"]!.GetValue<DateTimeOffset>()).Should().Be(TimeSpan.Zero);
        (await helpdesk.AlertRowsAsync("dakar-agent")).Should().BeEmpty("near is a flag in the lists, not a notification");
    }

    [Fact]
    public async Task Each_breach_level_tells_its_tier_exactly_once_even_with_two_sweeps_at_once()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar");
        await helpdesk.RosterAsync("central-duty", "Duty officer (central desk)", "central", "Europe/Brussels");
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        var (id, _) = await UrgentAsync(helpdesk, "7500000000000002");

        var told = new List<(string DakarAgent, string Central, string Supervisor)>();
        foreach (var minutes in new[] { 16, 15, 15, 15 })
        {
            _clock.Jump(TimeSpan.FromMinutes(minutes));
            await Task.WhenAll(helpdesk.Sweeper().SweepAsync(CancellationToken.None), helpdesk.Sweeper().SweepAsync(CancellationToken.None));
            told.Add((await LevelsAsync(helpdesk, "dakar-agent"), await LevelsAsync(helpdesk, "central-duty"), await LevelsAsync(helpdesk, "dakar-supervisor")));
        }

        told.Should().Equal(
            ("1", "", ""),    // past the due time: the post's duty officer
            ("1", "2", ""),   // past it again by the margin: the central desk
            ("1", "2", "3"),  // and again: the post's supervisors
            ("1", "2", "3")); // nobody left to tell: nothing repeated
        using var supervisor = await helpdesk.SignInAsync("dakar-supervisor");
        var alerts = await supervisor.AlertsAsync();
        alerts["unread"]!.GetValue<int>().Should().Be(1);
        var alert = alerts["items"]!.AsArray().Single()!;
        (alert["postId"]!.GetValue<string>(), alert["conversationId"]!.GetValue<string>(), alert["reason"]!.GetValue<string>(), alert["level"]!.GetValue<int>(), alert["role"]!.GetValue<string>())
            .Should().Be(("dakar", id, "breached", 3, "supervisor"));
        (await supervisor.ListedAsync("dakar", id))["target"]!.GetValue<string>().Should().Be("breached");
    }

    [Fact]
    public async Task A_webhook_gets_the_breach_without_phone_number_name_or_text_and_a_5xx_is_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext(503);
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Role"] = "postDuty",
            ["Notifications:Webhooks:0:Url"] = receiver.Url.ToString(),
        });
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar");
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "32470000777", "Je suis à Dakar, mon passeport a été volé", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "urgent" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);

        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        receiver.Bodies.Should().HaveCount(2, "the 503 was retried once, then accepted");
        receiver.Bodies[1].Should().Be(receiver.Bodies[0]);
        var payload = JsonNode.Parse(receiver.Bodies[1])!.AsObject();
        payload.Select(p => p.Key).Should().BeEquivalentTo("post", "conversation", "reason", "level", "role", "at");
        (payload["post"]!.GetValue<string>(), payload["conversation"]!.GetValue<string>(), payload["reason"]!.GetValue<string>(), payload["level"]!.GetValue<int>())
            .Should().Be(("dakar", $"/#c={id}", "breached", 1));
        receiver.Bodies[1].Should().NotContainAny("32470000777", "Awa", "passeport", "Dakar,");
    }

    [Fact]
    public async Task A_conversation_held_by_someone_neither_on_duty_nor_seen_for_thirty_minutes_goes_back_to_unassigned_and_the_cover_is_told()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.RosterAsync("central-duty", "Duty officer (central desk)", "central", "Europe/Brussels");
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000004");
        (await agent.ChangeAsync(id, "assign")).StatusCode.Should().Be(HttpStatusCode.OK);

        _clock.Jump(TimeSpan.FromMinutes(11));
        var whileSeen = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        _clock.Jump(TimeSpan.FromMinutes(20));
        var away = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        whileSeen.Reassigned.Should().Be(0, "the assignee was seen ten minutes ago");
        away.Reassigned.Should().Be(1);
        using var central = await helpdesk.SignInAsync("central-duty");
        var rows = await helpdesk.AlertRowsAsync("central-duty");
        rows.Select(r => r.GetString("Reason")).Should().BeEquivalentTo("breached", "reassigned");
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread");
        header.GetString("AssignedTo").Should().BeNull();
    }

    [Fact]
    public async Task A_normal_conversation_held_by_someone_away_is_taken_back_thirty_minutes_on_long_before_its_due_time()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.RosterAsync("central-duty", "Duty officer (central desk)", "central", "Europe/Brussels");
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7500000000000007", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "assign")).StatusCode.Should().Be(HttpStatusCode.OK);

        _clock.Jump(TimeSpan.FromMinutes(31));
        var sweep = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        sweep.Reassigned.Should().Be(1, "the assignment brought the next check forward to thirty minutes on");
        (await helpdesk.AlertRowsAsync("central-duty")).Select(r => r.GetString("Reason")).Should().Contain("reassigned");
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread");
        header.GetString("AssignedTo").Should().BeNull();
        (await helpdesk.DeadlineRowsAsync()).Should().ContainSingle("the conversation still waits for its answer");
    }

    [Fact]
    public async Task A_conversation_held_by_its_duty_officer_stays_assigned_while_they_were_seen_lately_and_goes_back_once_they_are_away()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar");
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000005");
        (await agent.ChangeAsync(id, "assign")).StatusCode.Should().Be(HttpStatusCode.OK);

        _clock.Jump(TimeSpan.FromMinutes(20));
        var early = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        var heldEarly = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread").GetString("AssignedTo");
        _clock.Jump(TimeSpan.FromMinutes(11));
        var late = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        (early.Reassigned, heldEarly).Should().Be((0, "dakar-agent"), "on duty and seen twenty minutes ago");
        late.Reassigned.Should().Be(1, "on duty, but not seen for thirty minutes: nobody who could answer holds it");
        (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread").GetString("AssignedTo").Should().BeNull();
    }

    [Fact]
    public async Task Each_level_tells_the_first_tier_above_the_last_one_told_even_when_the_roster_changed_in_between()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.ClearRosterAsync(); // the demo roster's night duty would be a tier at some hours
        await helpdesk.RosterAsync("central-duty", "Duty officer (central desk)", "central", "Europe/Brussels");
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        var (id, _) = await UrgentAsync(helpdesk, "7500000000000010");

        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar"); // the post's duty shift begins
        _clock.Jump(TimeSpan.FromMinutes(15));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        (await LevelsAsync(helpdesk, "central-duty")).Should().Be("1", "the central desk was the only tier at the due time");
        (await LevelsAsync(helpdesk, "dakar-supervisor")).Should().Be("2", "the next level goes above the central desk");
        (await LevelsAsync(helpdesk, "dakar-agent")).Should().BeEmpty("a tier below the one already told is not told later");
    }

    [Fact]
    public async Task An_officer_demoted_since_their_shift_was_saved_is_not_told_and_the_next_tier_is()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar");
        await helpdesk.RosterAsync("central-duty", "Duty officer (central desk)", "central", "Europe/Brussels");
        await helpdesk.AgentAsync("dakar-agent", AgentRole.Agent, "dakar"); // no longer a duty officer
        var (id, _) = await UrgentAsync(helpdesk, "7500000000000012");

        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        (await LevelsAsync(helpdesk, "dakar-agent")).Should().BeEmpty("the Agents table no longer makes them a duty officer");
        (await LevelsAsync(helpdesk, "central-duty")).Should().Be("1");
    }

    [Fact]
    public async Task A_breach_with_nobody_to_tell_is_flagged_breached_and_told_to_the_first_shift_that_begins()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.ClearRosterAsync(); // the demo roster's night duty would be a tier at some hours
        await helpdesk.AgentAsync("admin", AgentRole.Agent); // and the administrators are the last tier of a post without supervisor
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000011");

        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        var listed = await agent.ListedAsync("dakar", id);
        var rows = await helpdesk.DeadlineRowsAsync();
        await helpdesk.RosterAsync("central-duty", "Duty officer (central desk)", "central", "Europe/Brussels");
        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        listed["target"]!.GetValue<string>().Should().Be("breached", "late is late, whoever can be told");
        rows.Should().ContainSingle("the conversation stays in the index until someone can be told");
        (await LevelsAsync(helpdesk, "central-duty")).Should().Be("1");
    }

    [Fact]
    public async Task A_breach_at_a_post_without_supervisor_ends_with_the_administrators_and_is_not_looked_at_again()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.ClearRosterAsync();
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000012");

        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        var header = await HeaderETagAsync(helpdesk, id);
        _clock.Jump(TimeSpan.FromMinutes(16));
        var later = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        (await agent.ListedAsync("dakar", id))["target"]!.GetValue<string>().Should().Be("breached");
        var told = (await helpdesk.AlertRowsAsync("admin")).Where(r => r.GetString("Reason") == "breached").ToList();
        told.Should().ContainSingle("nobody is on duty and Dakar has no supervisor: the administrators are the last tier");
        (told[0].GetString("RecipientRole"), told[0].GetInt32("Level")).Should().Be(("admin", 1));
        (await helpdesk.DeadlineRowsAsync()).Should().BeEmpty("nobody is left to tell");
        later.Should().Be(new ConsularHelpdesk.Targets.ResponseTargetSweep(0, 0, 0, 0, 0));
        (await HeaderETagAsync(helpdesk, id)).Should().Be(header, "the header is not written again every margin");
    }

    [Fact]
    public async Task A_conversation_whose_step_fails_is_put_off_and_does_not_hold_up_the_next_ones()
    {
        // A conversation that cannot be swept: every read of its header fails, as a bug would.
        string? brokenId = null;
        var fault = new FaultInjection(
            m => brokenId is { } b && m.Request.Method == Azure.Core.RequestMethod.Get && Uri.UnescapeDataString(m.Request.Uri.Path).Contains($"PartitionKey='{b}',RowKey='thread'", StringComparison.Ordinal),
            int.MaxValue,
            () => new InvalidOperationException("A bug"));
        await using var helpdesk = await ResponseTargets.StartAsync(
            azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?> { ["ResponseTargets:BatchSize"] = "1" }, s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(fault));
        var (broken, agent) = await UrgentAsync(helpdesk, "7500000000000013");
        var (sound, _) = await UrgentAsync(helpdesk, "7500000000000014");
        var brokenKey = (await helpdesk.DeadlineRowsAsync()).Single(r => r.GetString("ConversationId") == broken).RowKey;
        brokenId = broken;

        _clock.Jump(TimeSpan.FromMinutes(11));
        var first = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        var putOff = (await helpdesk.DeadlineRowsAsync()).Single(r => r.GetString("ConversationId") == broken);
        var second = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        first.Flagged.Should().Be(0, "the batch of one held the broken conversation, whose step failed");
        (putOff.GetString("RetryOf"), putOff.GetInt32("Failures")).Should().Be((brokenKey, 1));
        var retryAt = new DateTimeOffset(long.Parse(putOff.RowKey[..19], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        (retryAt - _clock.GetUtcNow()).Should().BeCloseTo(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), "put off by the sweep's period (an hour here), at most the urgent margin");
        second.Flagged.Should().Be(1, "the next sweep goes on to the conversation behind it");
        (await agent.ListedAsync("dakar", sound))["target"]!.GetValue<string>().Should().Be("near");

        // Sixteen minutes on, both rows are due (the sound one's due time, the put-off one): a batch of one each.
        _clock.Jump(TimeSpan.FromMinutes(16));
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        await helpdesk.Sweeper().SweepAsync(CancellationToken.None);
        var again = (await helpdesk.DeadlineRowsAsync()).Single(r => r.GetString("ConversationId") == broken);
        (again.GetString("RetryOf"), again.GetInt32("Failures")).Should().Be((brokenKey, 2), "still failing: put off again, still standing for the header's row");
    }

    [Fact]
    public async Task An_agents_answer_ends_the_target_removes_its_deadline_row_and_nobody_is_told()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        await helpdesk.RosterAsync("dakar-agent", "Agent (Dakar)", "dakar", "Africa/Dakar");
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000006");
        var waiting = await helpdesk.DeadlineRowsAsync();

        (await agent.ChangeAsync(id, "replies", new { replyId = "answer-1", text = "Bonjour, nous vous aidons." })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        _clock.Jump(TimeSpan.FromMinutes(20));
        var sweep = await helpdesk.Sweeper().SweepAsync(CancellationToken.None);

        waiting.Should().ContainSingle().Which.GetString("ConversationId").Should().Be(id);
        (await helpdesk.DeadlineRowsAsync()).Should().BeEmpty();
        sweep.Notified.Should().Be(0);
        (await helpdesk.AlertRowsAsync("dakar-agent")).Should().BeEmpty();
        var listed = await agent.ListedAsync("dakar", id);
        listed["dueAt"].Should().BeNull();
        listed["target"].Should().BeNull();
    }

    [Fact]
    public async Task Closing_a_waiting_conversation_ends_its_target_and_a_citizens_next_message_starts_a_new_one()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock);
        var (id, agent) = await UrgentAsync(helpdesk, "7500000000000008");

        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterClose = await helpdesk.DeadlineRowsAsync();
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7500000000000008", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis toujours à Dakar"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = await HelpdeskInstance.EventuallyAsync(helpdesk.DeadlineRowsAsync, r => r.Count > 0);

        afterClose.Should().BeEmpty();
        rows.Should().ContainSingle().Which.GetString("ConversationId").Should().NotBe(id, "a message after a close opens a new conversation, which waits");
    }

    private static async Task<string> HeaderETagAsync(HelpdeskInstance helpdesk, string id) =>
        (await helpdesk.Table(n => n.Conversations).GetEntityAsync<Azure.Data.Tables.TableEntity>(id, "thread")).Value.ETag.ToString();

    /// <summary>A citizen writes to Dakar and the post's agent tags the conversation urgent (due 15 minutes after the message).</summary>
    private static async Task<(string Id, HttpClient Agent)> UrgentAsync(HelpdeskInstance helpdesk, string psid)
    {
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, psid, "Je suis à Dakar", "dakar");
        var agent = await helpdesk.SignInAsync("dakar-agent");
        using var tagged = await agent.ChangeAsync(id, "tags", new { tags = new[] { "urgent" } }, HttpMethod.Put);
        tagged.StatusCode.Should().Be(HttpStatusCode.OK);
        return (id, agent);
    }

    /// <summary>The levels of the agent's breach alerts, in order, as one string ("" when none).</summary>
    private static async Task<string> LevelsAsync(HelpdeskInstance helpdesk, string agentId) =>
        string.Join(',', (await helpdesk.AlertRowsAsync(agentId)).Where(r => r.GetString("Reason") == "breached").Select(r => r.GetInt32("Level")).Order());
}
