using System.Net;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>
/// What one inbound text costs in table and blob calls (queue receive and delete aside), counted by a pipeline policy
/// on the app's own storage clients, from the webhook to the drained queues: a change that adds a call fails here
/// and prints the calls it made. docs/storage.md lists them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageCallsPerMessageTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>Wednesday 9 December 2026, 10:00 in Dakar (UTC): the post is open.</summary>
    private static readonly DateTimeOffset OfficeHours = new(2026, 12, 9, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Wednesday 9 December 2026, 22:00 in Dakar: the post is closed.</summary>
    private static readonly DateTimeOffset Night = new(2026, 12, 9, 22, 0, 0, TimeSpan.Zero);

    /// <summary>A second text the same night: the header says it was acknowledged already, so nothing more is read.</summary>
    private const int ClosedCeiling = 5;

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    /// <summary>Issue 9's target: contact read, header read, message + header transaction, inbox row + marker transaction, header read back.</summary>
    private const int Ceiling = 5;

    /// <summary>
    /// Contact read (none yet) and add, the response target's deadline row (the citizen starts waiting), message + new
    /// header transaction, inbox row + marker transaction, header read back, the area activity row (who wrote from
    /// Senegal today: once per contact and day, issue 11).
    /// </summary>
    private const int FirstMessageCeiling = 7;

    [Fact]
    public async Task A_text_to_an_open_conversation_costs_at_most_five_storage_calls()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls, OfficeHours);
        await TextAsync(helpdesk, "7400000000000001", _clock.GetUtcNow(), "Je suis à Dakar");
        calls.Clear();

        await TextAsync(helpdesk, "7400000000000001", _clock.GetUtcNow().AddSeconds(5), "Mon passeport a été volé");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(Ceiling, "issue 9's target is 5 calls per inbound text to an open conversation");
    }

    [Fact]
    public async Task A_second_text_the_same_night_while_the_post_is_closed_costs_no_more_than_in_office_hours()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls, Night);
        await TextAsync(helpdesk, "7400000000000003", _clock.GetUtcNow(), "Je suis à Dakar");
        (await helpdesk.OutboundAsync()).Should().ContainSingle("the first text of the night is acknowledged");
        calls.Clear();

        await TextAsync(helpdesk, "7400000000000003", _clock.GetUtcNow().AddSeconds(5), "Mon passeport a été volé");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(ClosedCeiling, "docs/storage.md states what a text costs while the post is closed");
    }

    [Fact]
    public async Task The_first_text_of_a_new_conversation_costs_at_most_seven_storage_calls_one_for_its_deadline_row_one_for_its_area()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls, OfficeHours);
        calls.Clear(); // what the start wrote (tables, reference data, demo agents, the stored closure days read)

        // A text that tells the city: routed at once, no intake question (whose send would add its own calls).
        await TextAsync(helpdesk, "7400000000000002", _clock.GetUtcNow(), "Je suis à Dakar");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(FirstMessageCeiling, "docs/storage.md states what a first message costs");
    }

    [Fact]
    public async Task A_text_that_starts_a_new_wait_after_an_agents_answer_costs_one_call_more_for_its_deadline_row()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls, OfficeHours);
        await TextAsync(helpdesk, "7400000000000003", _clock.GetUtcNow(), "Je suis à Dakar");
        var id = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        using var reply = await agent.ChangeAsync(id, "replies", new { replyId = "r1", text = "Bonjour, nous regardons." });
        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the reply is sent");
        calls.Clear();

        await TextAsync(helpdesk, "7400000000000003", _clock.GetUtcNow().AddSeconds(5), "Merci, j'attends");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(Ceiling + 1, "the citizen starts waiting again: one deadline row more, docs/storage.md");
    }

    [Fact]
    public async Task Distress_detection_adds_no_storage_call_to_a_text_the_level_is_in_the_message_and_header_write()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls, OfficeHours);
        await TextAsync(helpdesk, "7400000000000004", _clock.GetUtcNow(), "Je suis à Dakar");
        var id = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "urgent" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        calls.Clear();

        // Already urgent (the agents' tag) and waiting: the level is written with the message, nothing else moves.
        await TextAsync(helpdesk, "7400000000000004", _clock.GetUtcNow().AddSeconds(5), "Je suis à l'hôpital après un accident");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(Ceiling, "assessment reads nothing and writes in the message's own transaction");
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread");
        header.GetString("Level").Should().Be("urgent", "the message was assessed and the level stored");
    }

    [Fact]
    public async Task A_distress_text_that_makes_a_waiting_conversation_urgent_costs_its_deadline_rows_the_duty_alert_and_the_emergency_reply_once()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls, OfficeHours);
        await TextAsync(helpdesk, "7400000000000005", _clock.GetUtcNow(), "Je suis à Dakar");
        calls.Clear();

        await TextAsync(helpdesk, "7400000000000005", _clock.GetUtcNow().AddSeconds(5), "Je suis à l'hôpital après un accident");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(DistressRaiseCeiling, "docs/storage.md states what a raise to urgent costs");
    }

    /// <summary>
    /// The 5; the urgent deadline row before the header and the old one removed after it (2); the emergency reply's write
    /// (header, the thread's keys, the pending send, message + header, contact, inbox, header read back: 7) and its send
    /// (claim, sent, our message's index and its early statuses, the pending send removed: 7); the duty alert (the roster
    /// marker and the two weeks a cold instance reads, the Agents table, one transaction for the one person told: 5); the
    /// privacy notice the emergency reply carries, as the citizen's first automatic message, recorded on the contact (read
    /// and write: 2, once per contact).
    /// </summary>
    private const int DistressRaiseCeiling = 28;

    private Task<HelpdeskInstance> StartAsync(StorageCallLog calls, DateTimeOffset at)
    {
        // The clock is set before the start (no timers yet), in or out of Dakar's office hours: what a text costs
        // depends on whether the post is open (an acknowledgement is a send of its own).
        _clock.Jump(at - _clock.GetUtcNow());
        // The sweeps keep to themselves here: their timers would add calls of their own to the count.
        var settings = new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00", ["ResponseTargets:Period"] = "01:00:00", ["AutoReplies:Acknowledge"] = "true" };
        return HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString, settings, development: true, services: s => s.AddSingleton<HttpPipelinePolicy>(calls).AddSingleton<TimeProvider>(_clock.Time));
    }

    private static async Task TextAsync(HelpdeskInstance helpdesk, string psid, DateTimeOffset at, string text)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, at, CitizenPayloads.MessengerText(text))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the message is processed");
    }

    private List<string> Counted(StorageCallLog calls)
    {
        var counted = calls.Calls.Where(c => c.Uri.Port != azurite.Azurite.QueuePort).Select(c => $"{c.Method} {Uri.UnescapeDataString(c.Uri.PathAndQuery)}").ToList();
        output.WriteLine($"{counted.Count} table and blob calls:{Environment.NewLine}{string.Join(Environment.NewLine, counted)}");
        return counted;
    }
}
