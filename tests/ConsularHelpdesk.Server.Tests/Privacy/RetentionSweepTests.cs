using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// The retention sweep on a running self-host whose clock the test moves (<see cref="RunningClock"/>): conversations made
/// as citizens and agents make them, then the clock moved past the shorter and the longer period, and the sweep run.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetentionSweepTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task Each_closed_conversation_goes_after_its_period_and_nothing_else_does()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        // Ann: an unanswered conversation, then an answered one, both closed. Ben: answered, tagged spam, closed.
        // Cleo: answered, closed, under legal hold. Dan: closed and reopened. Eve: open.
        var annUnanswered = await ConversationAsync(helpdesk, "221770002001", "Ann");
        await CloseAsync(agent, annUnanswered);
        var annAnswered = await ConversationAsync(helpdesk, "221770002001", "Ann");
        await AnswerAsync(helpdesk, agent, annAnswered);
        await CloseAsync(agent, annAnswered);
        var benSpam = await ConversationAsync(helpdesk, "221770002002", "Ben");
        await AnswerAsync(helpdesk, agent, benSpam);
        (await agent.ChangeAsync(benSpam, "tags", new { tags = new[] { "Spam" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        await CloseAsync(agent, benSpam);
        var cleoHeld = await ConversationAsync(helpdesk, "221770002003", "Cleo");
        await AnswerAsync(helpdesk, agent, cleoHeld);
        await CloseAsync(agent, cleoHeld);
        await HoldAsync(helpdesk, cleoHeld);
        var danReopened = await ConversationAsync(helpdesk, "221770002004", "Dan");
        await CloseAsync(agent, danReopened);
        (await agent.ChangeAsync(danReopened, "reopen")).StatusCode.Should().Be(HttpStatusCode.OK);
        var eveOpen = await ConversationAsync(helpdesk, "221770002005", "Eve");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        _clock.Jump(TimeSpan.FromDays(29));
        var early = await SweepAsync(helpdesk);
        early.Deleted.Values.SelectMany(c => c.Values).Should().OnlyContain(c => c == 0, "nothing is past even the shorter period");
        (await ExistingAsync(helpdesk, annUnanswered, annAnswered, benSpam, cleoHeld, danReopened, eveOpen)).Should().HaveCount(6);

        _clock.Jump(TimeSpan.FromDays(2));
        var month = await SweepAsync(helpdesk);

        month.Total(RetentionSweep.UnansweredPolicy, PurgeKinds.Conversations).Should().Be(2, "the unanswered one and the spam");
        month.Total(RetentionSweep.ClosedPolicy, PurgeKinds.Conversations).Should().Be(0);
        (await ExistingAsync(helpdesk, annUnanswered, annAnswered, benSpam, cleoHeld, danReopened, eveOpen)).Should().BeEquivalentTo([annAnswered, cleoHeld, danReopened, eveOpen]);
        (await ContactAsync(helpdesk, "221770002001")).Should().NotBeNull("Ann still has her answered conversation");
        (await ContactAsync(helpdesk, "221770002002")).Should().BeNull("Ben's last conversation went");
        month.Total(RetentionSweep.UnansweredPolicy, PurgeKinds.Contacts).Should().Be(1);

        _clock.Jump(TimeSpan.FromDays(150));
        var half = await SweepAsync(helpdesk);

        half.Total(RetentionSweep.ClosedPolicy, PurgeKinds.Conversations).Should().Be(1, "Ann's answered conversation, 181 days after its close");
        half.Held.Should().Be(1, "Cleo's is held");
        (await ExistingAsync(helpdesk, annAnswered, cleoHeld, danReopened, eveOpen)).Should().BeEquivalentTo([cleoHeld, danReopened, eveOpen], "held, reopened and open ones stay");
        (await ContactAsync(helpdesk, "221770002001")).Should().BeNull("Ann's last conversation went");
        (await ContactAsync(helpdesk, "221770002003")).Should().NotBeNull();
        (await ContactAsync(helpdesk, "221770002004")).Should().NotBeNull("a contact with an open conversation stays");

        var again = await SweepAsync(helpdesk);
        again.Deleted.Values.SelectMany(c => c.Values).Should().OnlyContain(c => c == 0, "a second run finds nothing new");
        again.Held.Should().Be(1);

        var audit = await AuditAsync(helpdesk);
        audit.Select(e => e.GetString("Action")).Should().OnlyContain(a => a == RetentionSweep.AuditAction);
        audit.Select(e => e.GetString("Details")).Should().Contain(d => d!.Contains("\"policy\":\"unanswered\"", StringComparison.Ordinal) && d.Contains("\"kind\":\"conversations\",\"count\":2", StringComparison.Ordinal))
            .And.Contain(d => d!.Contains("\"policy\":\"closed\"", StringComparison.Ordinal) && d.Contains("\"kind\":\"contacts\",\"count\":1", StringComparison.Ordinal));
        var everything = string.Join("\n", audit.Select(e => string.Join("|", e.Select(p => $"{p.Key}={p.Value}"))));
        foreach (var secret in new[] { annUnanswered, annAnswered, benSpam, "221770002001", "221770002002", "Ann", "Ben", "whatsapp-" })
        {
            everything.Should().NotContain(secret, "the audit holds counts and policies, no ids or personal data");
        }

        // Administrators read it through the audit API (post filter "privacy"); a supervisor may not.
        using var admin = await helpdesk.SignInAsync("admin");
        var page = await admin.GetFromJsonAsync<JsonObject>("api/triage/audit?post=privacy");
        page!["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Equal([RetentionSweep.AuditAction, RetentionSweep.AuditAction], "the run of today: Ann's conversation and her contact (the default period is the last 30 days)");
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        (await supervisor.GetAsync("api/triage/audit?post=privacy")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_sweep_costs_the_same_beside_10_or_500_closed_conversations_not_yet_due()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await StartAsync(calls);
        var inbox = helpdesk.Table(n => n.Inbox);
        var now = _clock.GetUtcNow();
        await HistoryRows.AddAsync(inbox, Enumerable.Range(0, 10).Select(i => HistoryRows.Closed("dakar", $"c{i:D24}", now.AddDays(-20).AddMinutes(-i))));
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        calls.Clear();
        await SweepAsync(helpdesk);
        var few = calls.TableCalls;
        await HistoryRows.AddAsync(inbox, Enumerable.Range(10, 490).Select(i => HistoryRows.Closed("dakar", $"c{i:D24}", now.AddDays(-20).AddMinutes(-i))));
        calls.Clear();
        await SweepAsync(helpdesk);
        var many = calls.TableCalls;

        many.Should().HaveCount(few.Count, "the sweep reads key ranges of what is due, never what is kept");
        many.Should().OnlyContain(c => c.StartsWith("GET ", StringComparison.Ordinal), "nothing was due: nothing written, not even an audit entry");
        many.Should().NotContain(c => c.Contains("Conversations(", StringComparison.Ordinal), "no conversation is read");
        many.Where(c => c.Contains("Inbox()", StringComparison.Ordinal)).Should().OnlyContain(c => c.Contains("PartitionKey eq 'closed-", StringComparison.Ordinal) && c.Contains("RowKey ge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sweep_stopped_midway_is_finished_by_the_next()
    {
        // The first run fails when it comes to delete the conversation's header (the purge's last step).
        var fault = new FaultInjection(
            m => m.Request.Method == RequestMethod.Delete && Uri.UnescapeDataString(m.Request.Uri.Path).Contains("RowKey='thread'", StringComparison.Ordinal), 1);
        await using var helpdesk = await StartAsync(fault);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var id = await ConversationAsync(helpdesk, "221770002101", "Fay");
        await CloseAsync(agent, id);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        _clock.Jump(TimeSpan.FromDays(31));

        var dry = await helpdesk.Services.GetRequiredService<RetentionSweep>().SweepAsync(dryRun: true, CancellationToken.None);
        dry.Total(RetentionSweep.UnansweredPolicy, PurgeKinds.Conversations).Should().Be(1, "due");
        var first = () => SweepAsync(helpdesk);
        await first.Should().ThrowAsync<RequestFailedException>();
        fault.Injected.Should().Be(1);
        (await ExistingAsync(helpdesk, id)).Should().Equal([id], "the header goes last: the next run finds it");

        var second = await SweepAsync(helpdesk);

        second.Total(RetentionSweep.UnansweredPolicy, PurgeKinds.Conversations).Should().Be(1);
        (await ExistingAsync(helpdesk, id)).Should().BeEmpty();
        (await ContactAsync(helpdesk, "221770002101")).Should().BeNull();
    }

    [Fact]
    public async Task The_self_host_runs_the_sweep_by_itself_every_period()
    {
        await using var helpdesk = await ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?> { ["Retention:Period"] = "1.00:00:00" });
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var id = await ConversationAsync(helpdesk, "221770002201", "Gus");
        await CloseAsync(agent, id);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        _clock.Jump(TimeSpan.FromDays(31));

        (await HelpdeskInstance.EventuallyAsync(() => ExistingAsync(helpdesk, id), ids => ids.Count == 0)).Should().BeEmpty("the timer's run deleted it");
    }

    /// <summary>A self-host on the test's clock without its own retention timer: the test runs each sweep.</summary>
    private Task<HelpdeskInstance> StartAsync(params HttpPipelinePolicy[] policies) =>
        ResponseTargets.StartAsync(azurite.Azurite.ConnectionString, _clock, new Dictionary<string, string?> { ["Retention:Enabled"] = "false" }, services: s =>
        {
            foreach (var policy in policies)
            {
                s.AddSingleton(policy);
            }
        });

    private static Task<RetentionRun> SweepAsync(HelpdeskInstance helpdesk) =>
        helpdesk.Services.GetRequiredService<RetentionSweep>().SweepAsync(dryRun: false, CancellationToken.None);

    /// <summary>A WhatsApp citizen's new conversation in Dakar (their open one closed first by the caller).</summary>
    private async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string phone, string name)
    {
        var before = await IndexAsync(helpdesk, phone);
        var body = CitizenPayloads.WhatsApp(phone, name, _clock.GetUtcNow(), CitizenPayloads.WhatsAppText("Je suis à Dakar, j'ai perdu mon passeport"));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await HelpdeskInstance.EventuallyAsync(() => IndexAsync(helpdesk, phone), ids => ids.Count == before.Count + 1);
        var id = after.Except(before).Single();
        await HelpdeskInstance.EventuallyAsync(helpdesk.ConversationRowsAsync, rows => rows.Any(r => r.PartitionKey == id && r.RowKey == "thread" && r.GetString("PostId") == "dakar"));
        return id;
    }

    private static async Task AnswerAsync(HelpdeskInstance helpdesk, HttpClient agent, string id)
    {
        (await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await HelpdeskInstance.EventuallyAsync(helpdesk.OutboundAsync, o => o.Any(r => r.PartitionKey == id && r.GetString("Text") == "Bonjour" && r.GetString("ChannelMessageId") is not null));
    }

    private static async Task CloseAsync(HttpClient agent, string id) =>
        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);

    private static async Task HoldAsync(HelpdeskInstance helpdesk, string id)
    {
        var headers = helpdesk.Services.GetRequiredService<ConversationHeaders>();
        var header = (await headers.GetAsync(id, CancellationToken.None))!;
        header.LegalHold = true;
        (await headers.TryReplaceAsync(header, CancellationToken.None)).Should().BeTrue();
    }

    private static async Task<List<string>> ExistingAsync(HelpdeskInstance helpdesk, params string[] ids)
    {
        var headers = helpdesk.Services.GetRequiredService<ConversationHeaders>();
        var found = new List<string>();
        foreach (var id in ids)
        {
            if (await headers.GetAsync(id, CancellationToken.None) is not null)
            {
                found.Add(id);
            }
        }

        return found;
    }

    private static Task<ContactEntity?> ContactAsync(HelpdeskInstance helpdesk, string phone) =>
        helpdesk.Services.GetRequiredService<ContactBook>().GetAsync(helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.WhatsApp, phone), CancellationToken.None);

    private static async Task<List<string>> IndexAsync(HelpdeskInstance helpdesk, string phone) =>
        [.. (await helpdesk.Services.GetRequiredService<ContactConversations>()
            .OfAsync(helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.WhatsApp, phone), CancellationToken.None)).Select(r => r.ConversationId)];

    private static async Task<List<TableEntity>> AuditAsync(HelpdeskInstance helpdesk) =>
        [.. (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Audit))).Where(r => r.PartitionKey.StartsWith(RetentionSweep.AuditPost + "-", StringComparison.Ordinal))];
}
