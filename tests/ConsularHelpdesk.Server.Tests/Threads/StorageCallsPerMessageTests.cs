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
public sealed class StorageCallsPerMessageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>Issue 9's target: contact read, header read, message + header transaction, inbox row + marker transaction, header read back.</summary>
    private const int Ceiling = 5;

    /// <summary>
    /// Contact read (none yet) and add, the response target's deadline row (the citizen starts waiting), message + new
    /// header transaction, inbox row + marker transaction, header read back.
    /// </summary>
    private const int FirstMessageCeiling = 6;

    [Fact]
    public async Task A_text_to_an_open_conversation_costs_at_most_five_storage_calls()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        await TextAsync(helpdesk, "7400000000000001", DateTimeOffset.UtcNow, "Je suis à Dakar");
        calls.Clear();

        await TextAsync(helpdesk, "7400000000000001", DateTimeOffset.UtcNow.AddSeconds(5), "Mon passeport a été volé");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(Ceiling, "issue 9's target is 5 calls per inbound text to an open conversation");
    }

    [Fact]
    public async Task The_first_text_of_a_new_conversation_costs_at_most_six_storage_calls_one_for_its_deadline_row()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        calls.Clear(); // what the start wrote (tables, reference data, demo agents)

        // A text that tells the city: routed at once, no intake question (whose send would add its own calls).
        await TextAsync(helpdesk, "7400000000000002", DateTimeOffset.UtcNow, "Je suis à Dakar");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(FirstMessageCeiling, "docs/storage.md states what a first message costs");
    }

    [Fact]
    public async Task A_text_that_starts_a_new_wait_after_an_agents_answer_costs_one_call_more_for_its_deadline_row()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        await TextAsync(helpdesk, "7400000000000003", DateTimeOffset.UtcNow, "Je suis à Dakar");
        var id = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        using var reply = await agent.ChangeAsync(id, "replies", new { replyId = "r1", text = "Bonjour, nous regardons." });
        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the reply is sent");
        calls.Clear();

        await TextAsync(helpdesk, "7400000000000003", DateTimeOffset.UtcNow.AddSeconds(5), "Merci, j'attends");

        Counted(calls).Should().NotBeEmpty().And.HaveCountLessThanOrEqualTo(Ceiling + 1, "the citizen starts waiting again: one deadline row more, docs/storage.md");
    }

    private Task<HelpdeskInstance> StartAsync(StorageCallLog calls)
    {
        // The sweeps keep to themselves here: their timers would add calls of their own to the count.
        var settings = new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00", ["ResponseTargets:Period"] = "01:00:00" };
        return HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, settings, development: true, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
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
