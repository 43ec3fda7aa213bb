using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// Erasure (issue 13, parts 3 and 6): a citizen with two conversations, a photo, an agent's reply with an attachment and
/// a note, a webhook still queued (alone and batched with another citizen's), a reply in a poison queue, is erased in
/// two steps; then nothing of theirs is in any table, container or queue, another citizen's data is all there, and the
/// audit says only that an erasure happened. A second run does nothing; an interrupted run is finished by the next.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ErasureTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string WaId = "32470111222";
    private const string Name = "Griet Wisbaar";
    private const string Unique = "okapi-narwhal-913";
    private const string OtherWaId = "32470333444";
    private const string OtherUnique = "heron-lynx-555";

    [Fact]
    public async Task An_erased_citizen_leaves_nothing_in_any_table_container_or_queue_and_another_citizen_keeps_everything()
    {
        var (helpdesk, citizen, other) = await ArrangeAsync(crisis: true);
        await using var _ = helpdesk;
        using var admin = await helpdesk.SignInAsync("admin");
        var before = await StorageScan.AllAsync(helpdesk.Storage);
        before.Should().Contain(e => e.Where.StartsWith("table Broadcasts ", StringComparison.Ordinal) && e.Where.EndsWith($"/r-{citizen.ContactKey}", StringComparison.Ordinal), "the citizen was a recipient of the crisis's broadcast");
        before.Should().Contain(e => e.Where.EndsWith($"/r-{citizen.ContactKey}", StringComparison.Ordinal) && e.Where.StartsWith("table Crises ", StringComparison.Ordinal), "the citizen got the crisis's message");
        var contact = (await FindAsync(admin, new { channel = "whatsapp", id = "+32 470 11 12 22" }))["contact"]!.GetValue<string>();
        contact.Should().Be(citizen.ContactKey);

        var erasure = await RequestAsync(admin, contact);
        erasure["phase"]!.GetValue<string>().Should().Be("requested");
        erasure["phrase"]!.GetValue<string>().Should().Be("ERASE 2");
        var id = erasure["id"]!.GetValue<string>();
        (await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/confirm", new { })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the one who asked confirms only with the phrase");
        (await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/confirm", new { phrase = "ERASE 3" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await StorageScan.AllAsync(helpdesk.Storage)).Should().Contain(e => e.Text.Contains(Unique, StringComparison.Ordinal), "nothing is erased before the confirmation");

        using var confirmed = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/confirm", new { phrase = "ERASE 2" });

        confirmed.StatusCode.Should().Be(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        var done = (await confirmed.Content.ReadFromJsonAsync<JsonObject>())!;
        done["phase"]!.GetValue<string>().Should().Be("done");
        done["counts"]!["conversations"]!.GetValue<int>().Should().Be(2);
        done["counts"]!["contacts"]!.GetValue<int>().Should().Be(1);
        done["counts"]!["queueMessages"]!.GetValue<int>().Should().Be(2, "the citizen's queued webhook and the reply in outbound-poison");
        done["counts"]!["queueMessagesRewritten"]!.GetValue<int>().Should().Be(1, "the webhook batched with another citizen's message");
        var scan = await StorageScan.AllAsync(helpdesk.Storage);
        foreach (var trace in new[] { WaId, Name, "Griet", "Wisbaar", Unique, citizen.ContactKey })
        {
            scan.Where(e => e.Text.Contains(trace, StringComparison.Ordinal) || e.Where.Contains(trace, StringComparison.Ordinal)).Select(e => e.Where)
                .Should().BeEmpty($"nothing anywhere holds \"{trace}\"");
        }

        // Another citizen's data is all there: contact, both conversations, their photo, their queued message and reply.
        scan.Should().Contain(e => e.Where == $"table Contacts {other.ContactKey}/");
        scan.Should().Contain(e => e.Where.StartsWith("table Broadcasts ", StringComparison.Ordinal) && e.Where.EndsWith($"/r-{other.ContactKey}", StringComparison.Ordinal));
        scan.Should().Contain(e => e.Where.StartsWith("table Crises ", StringComparison.Ordinal) && e.Where.EndsWith($"/r-{other.ContactKey}", StringComparison.Ordinal));
        foreach (var conversation in other.Conversations)
        {
            scan.Should().Contain(e => e.Where == $"table Conversations {conversation}/thread");
        }

        scan.Should().Contain(e => e.Where.StartsWith($"blob {helpdesk.Storage.Names.MediaContainer}/{other.Conversations[0]}/", StringComparison.Ordinal));
        scan.Where(e => e.Text.Contains($"{OtherUnique} na fila", StringComparison.Ordinal)).Select(e => e.Where).Should().ContainSingle()
            .Which.Should().StartWith($"blob {helpdesk.Storage.Names.PayloadContainer}/", "the batched webhook, behind its claim check, keeps the other citizen's message");
        scan.Should().Contain(e => e.Where == $"queue {helpdesk.Storage.Names.OutboundQueue}" && e.Text.Contains(OtherWaId, StringComparison.Ordinal));

        var audit = scan.Where(e => e.Where.StartsWith("table Audit privacy-", StringComparison.Ordinal)).Select(e => e.Text).ToList();
        audit.Should().HaveCount(3);
        audit.Should().ContainSingle(t => t.Contains("Action=privacy.erase.request", StringComparison.Ordinal));
        audit.Should().ContainSingle(t => t.Contains("Action=privacy.erase.confirm", StringComparison.Ordinal));
        audit.Should().ContainSingle(t => t.Contains("Action=privacy.erase.done", StringComparison.Ordinal) && t.Contains($"request={id};", StringComparison.Ordinal));

        // A second run finds nothing and changes nothing.
        var snapshot = scan.Select(e => e.Where + "#" + e.Text).Order().ToList();
        using var again = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/run", new { });
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StorageScan.AllAsync(helpdesk.Storage)).Select(e => e.Where + "#" + e.Text).Order().Should().Equal(snapshot);
        (await admin.PostAsJsonAsync("api/triage/admin/privacy/find", new { channel = "whatsapp", id = WaId })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_run_interrupted_midway_is_finished_by_the_next_and_a_second_admin_confirms_without_the_phrase()
    {
        // The storage fails the delete of the second conversation's header once: the run stops there.
        FaultInjection? fault = null;
        var (helpdesk, citizen, _) = await ArrangeAsync(services => services.AddSingleton<HttpPipelinePolicy>(_ => fault!), c =>
            fault = new FaultInjection(m => m.Request.Method == RequestMethod.Delete && m.Request.Uri.ToString().Contains(c.Conversations[1], StringComparison.Ordinal) && m.Request.Uri.ToString().Contains("thread", StringComparison.Ordinal), 1));
        await using var _ = helpdesk;
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAsJsonAsync("api/triage/admin/agents/admin2", new { name = "Second administrator", role = "admin", posts = Array.Empty<string>(), language = "nl" })).StatusCode.Should().Be(HttpStatusCode.OK);
        using var second = await helpdesk.SignInAsync("admin2");
        var id = (await RequestAsync(admin, citizen.ContactKey))["id"]!.GetValue<string>();

        using var interrupted = await second.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/confirm", new { });

        ((int)interrupted.StatusCode).Should().BeGreaterThanOrEqualTo(500);
        fault!.Injected.Should().Be(1);
        var stopped = await admin.GetFromJsonAsync<JsonObject>($"api/triage/admin/privacy/erasures/{id}");
        (stopped!["phase"]!.GetValue<string>(), stopped["confirmedBy"]!.GetValue<string>()).Should().Be(("running", "admin2"));
        (await StorageScan.AllAsync(helpdesk.Storage)).Should().Contain(e => e.Text.Contains(Unique, StringComparison.Ordinal), "the second conversation is still there");

        using var finished = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/run", new { });

        finished.StatusCode.Should().Be(HttpStatusCode.OK, await finished.Content.ReadAsStringAsync());
        (await finished.Content.ReadFromJsonAsync<JsonObject>())!["phase"]!.GetValue<string>().Should().Be("done");
        var scan = await StorageScan.AllAsync(helpdesk.Storage);
        foreach (var trace in new[] { WaId, Name, Unique, citizen.ContactKey })
        {
            scan.Where(e => e.Text.Contains(trace, StringComparison.Ordinal) || e.Where.Contains(trace, StringComparison.Ordinal)).Select(e => e.Where).Should().BeEmpty(trace);
        }

        scan.Where(e => e.Where.StartsWith("table Audit privacy-", StringComparison.Ordinal)).Should().ContainSingle(e => e.Text.Contains("Action=privacy.erase.confirm", StringComparison.Ordinal) && e.Text.Contains("Actor=admin2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("queues")]
    [InlineData("crisisRows")]
    [InlineData("conversations")]
    public async Task A_run_resumed_after_any_step_with_a_conversation_opened_meanwhile_purges_it_and_a_rerun_from_that_step_changes_nothing(string? step)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var citizen = await PrivacyCitizens.CreateAsync(helpdesk, WaId, Name, Unique);
        var other = await PrivacyCitizens.CreateAsync(helpdesk, OtherWaId, "Other Person", OtherUnique);
        using var admin = await helpdesk.SignInAsync("admin");
        var id = (await RequestAsync(admin, citizen.ContactKey))["id"]!.GetValue<string>();
        var erasures = helpdesk.Storage.Table(helpdesk.Storage.Names.Erasures);

        // The run got as far as the step (confirmed by a second administrator), then the citizen opened a third
        // conversation: the one open is closed, they write again.
        await ResumeFromAsync(erasures, id, citizen.ContactKey, step);
        using (var agent = await helpdesk.SignInAsync("lisbon-agent"))
        {
            (await agent.ChangeAsync(citizen.Conversations[1], "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        const string Later = "tapir-quokka-271";
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(WaId, Name, DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText($"{Later} outra vez")))).StatusCode.Should().Be(HttpStatusCode.OK);
        await HelpdeskInstance.EventuallyAsync(
            async () => (await helpdesk.ConversationRowsAsync()).Count(r => r.RowKey == "thread" && r.GetString("ContactKey") == citizen.ContactKey), n => n == 3);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        using var finished = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/run", new { });

        finished.StatusCode.Should().Be(HttpStatusCode.OK, await finished.Content.ReadAsStringAsync());
        var done = (await finished.Content.ReadFromJsonAsync<JsonObject>())!;
        done["phase"]!.GetValue<string>().Should().Be("done");
        done["counts"]!["contacts"]!.GetValue<int>().Should().Be(1);
        var scan = await StorageScan.AllAsync(helpdesk.Storage);
        foreach (var trace in new[] { WaId, Name, Unique, Later, citizen.ContactKey })
        {
            scan.Where(e => e.Text.Contains(trace, StringComparison.Ordinal) || e.Where.Contains(trace, StringComparison.Ordinal)).Select(e => e.Where)
                .Should().BeEmpty($"nothing holds \"{trace}\" after a run resumed after {step ?? "no step"}");
        }

        foreach (var conversation in other.Conversations)
        {
            scan.Should().Contain(e => e.Where == $"table Conversations {conversation}/thread");
        }

        // The same run again from that step (the record put back as it was, the contact key in it) finds nothing more:
        // only the audit's done row and the record itself change.
        var snapshot = Outside(scan);
        await ResumeFromAsync(erasures, id, citizen.ContactKey, step);
        using var again = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/run", new { });
        again.StatusCode.Should().Be(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        var counts = (await again.Content.ReadFromJsonAsync<JsonObject>())!["counts"]!.AsObject();
        counts.Should().NotContainKey("contacts").And.NotContainKey("conversations");
        Outside(await StorageScan.AllAsync(helpdesk.Storage)).Should().Equal(snapshot);
    }

    [Fact]
    public async Task A_contact_whose_ids_do_not_decrypt_stops_the_erasure_with_a_conflict_before_anything_is_erased()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var citizen = await PrivacyCitizens.CreateAsync(helpdesk, WaId, Name, Unique);
        using var admin = await helpdesk.SignInAsync("admin");
        var id = (await RequestAsync(admin, citizen.ContactKey))["id"]!.GetValue<string>();
        // The user id as a retired key would leave it: protected, and no key of the ring opens it.
        var table = helpdesk.Storage.Table(helpdesk.Storage.Names.Contacts);
        var contact = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(citizen.ContactKey, string.Empty)).Value;
        contact["UserId"] = "enc:v1:retired:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        await table.UpdateEntityAsync(contact, contact.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        using var confirmed = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/confirm", new { phrase = "ERASE 2" });

        confirmed.StatusCode.Should().Be(HttpStatusCode.Conflict, await confirmed.Content.ReadAsStringAsync());
        (await confirmed.Content.ReadAsStringAsync()).Should().Contain("does not decrypt");
        var scan = await StorageScan.AllAsync(helpdesk.Storage);
        scan.Should().Contain(e => e.Where == $"table Contacts {citizen.ContactKey}/", "the contact stays until its ids can be read");
        foreach (var conversation in citizen.Conversations)
        {
            scan.Should().Contain(e => e.Where == $"table Conversations {conversation}/thread", "nothing is erased while an id is unreadable");
        }
    }

    /// <summary>Puts the erasure back as a confirmed run stopped after <paramref name="step"/> (none: before the first), nothing counted.</summary>
    private static async Task ResumeFromAsync(Azure.Data.Tables.TableClient erasures, string id, string contactKey, string? step)
    {
        var record = (await erasures.GetEntityAsync<Azure.Data.Tables.TableEntity>("erasure", id)).Value;
        record["ContactKey"] = contactKey;
        record["ConfirmedBy"] = "admin2";
        record["ConfirmedAt"] = DateTimeOffset.UtcNow;
        record["Phase"] = "running";
        record["Step"] = step;
        record["Counts"] = null;
        record["ToPurge"] = null;
        record["DoneAt"] = null;
        await erasures.UpdateEntityAsync(record, record.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
    }

    /// <summary>Everything stored but the audit and the erasure records, in a fixed order.</summary>
    private static List<string> Outside(IEnumerable<(string Where, string Text)> scan) =>
        [.. scan.Where(e => !e.Where.StartsWith("table Audit", StringComparison.Ordinal) && !e.Where.StartsWith("table Erasures", StringComparison.Ordinal)).Select(e => e.Where + "#" + e.Text).Order()];

    [Fact]
    public async Task A_conversation_under_legal_hold_refuses_the_erasure_with_its_id_and_nothing_is_erased()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var citizen = await PrivacyCitizens.CreateAsync(helpdesk, WaId, Name, Unique);
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == citizen.Conversations[0] && r.RowKey == "thread");
        header["LegalHold"] = true;
        await helpdesk.Table(n => n.Conversations).UpdateEntityAsync(header, header.ETag);
        using var admin = await helpdesk.SignInAsync("admin");

        using var refused = await admin.PostAsJsonAsync("api/triage/admin/privacy/erasures", new { contact = citizen.ContactKey });

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["conversations"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal(citizen.Conversations[0]);
        problem.ToJsonString().Should().NotContain(WaId).And.NotContain("Griet");
        (await helpdesk.Table(n => n.Contacts).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(citizen.ContactKey, "")).HasValue.Should().BeTrue();
    }

    [Fact]
    public async Task Finding_and_erasing_a_citizen_cost_the_same_table_calls_beside_10_or_210_other_citizens()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["StuckReplies:Period"] = "01:00:00", ["ResponseTargets:Period"] = "01:00:00" },
            services: s => s.AddSingleton<HttpPipelinePolicy>(calls),
            development: true);
        using var admin = await helpdesk.SignInAsync("admin");
        var now = DateTimeOffset.UtcNow;
        await CrisisArea.SeedAsync(helpdesk, [.. Enumerable.Range(0, 10).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now, "nl"))]);
        var few = await CostAsync(helpdesk, admin, calls, "32470123471");
        await CrisisArea.SeedAsync(helpdesk, [.. Enumerable.Range(10, 200).Select(i => CrisisArea.Citizen(i, ChannelKind.WhatsApp, now, "nl"))]);
        var many = await CostAsync(helpdesk, admin, calls, "32470123472");

        output.WriteLine($"find: {few.Find.Count} table calls: {string.Join(", ", few.Find)}");
        output.WriteLine($"confirm and erase: {few.Erase.Count} table calls: {string.Join(", ", few.Erase)}");
        few.Find.Where(c => c.StartsWith("GET", StringComparison.Ordinal)).Should().Equal(["GET Contacts", "GET Contacts"], "the contact's row and its conv- rows: nothing else is read");
        many.Find.Should().Equal(few.Find);
        many.Erase.Should().Equal(few.Erase, "the erasure reads the citizen's own rows, the crisis list and pending sends, never other citizens'");
    }

    /// <summary>The table calls (method and table) of a find and of a confirmed erasure, for a citizen of one conversation.</summary>
    private static async Task<(List<string> Find, List<string> Erase)> CostAsync(HelpdeskInstance helpdesk, HttpClient admin, StorageCallLog calls, string waId)
    {
        await helpdesk.ConversationAsync(ChannelKind.WhatsApp, waId, "Bom dia, estou em Lisboa", "lisbon");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        calls.Clear();
        var contact = (await FindAsync(admin, new { channel = "whatsapp", id = "+" + waId }))["contact"]!.GetValue<string>();
        var find = Tables(calls);
        var id = (await RequestAsync(admin, contact))["id"]!.GetValue<string>();
        calls.Clear();
        using var done = await admin.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{id}/confirm", new { phrase = "ERASE 1" });
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        return (find, Tables(calls));
    }

    /// <summary>"GET Contacts", "DELETE Conversations": the calls without keys, the agent's own reads and presence left out.</summary>
    private static List<string> Tables(StorageCallLog calls) =>
        [.. calls.TableCalls
            .Select(c => (Method: c.Split(' ')[0], Table: c.Split(' ')[1].Split('/')[2].Split('(', '?')[0]))
            .Select(c => $"{c.Method} {System.Text.RegularExpressions.Regex.Replace(c.Table, "^t[0-9a-f]{12}", string.Empty)}")
            .Where(c => !c.EndsWith(" Agents", StringComparison.Ordinal) && !c.EndsWith(" Presence", StringComparison.Ordinal))];

    [Theory]
    [InlineData("lisbon-agent")]
    [InlineData("africa-supervisor")]
    [InlineData("central-duty")]
    public async Task Only_administrators_request_confirm_and_read_erasures(string agentId)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "32470123460", "Bom dia, estou em Lisboa", "lisbon");
        var key = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == id && r.RowKey == "thread").GetString("ContactKey");
        using var admin = await helpdesk.SignInAsync("admin");
        var erasure = (await RequestAsync(admin, key))["id"]!.GetValue<string>();
        using var agent = await helpdesk.SignInAsync(agentId);

        (await agent.PostAsJsonAsync("api/triage/admin/privacy/erasures", new { contact = key })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{erasure}/confirm", new { phrase = "ERASE 1" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.PostAsJsonAsync($"api/triage/admin/privacy/erasures/{erasure}/run", new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await agent.GetAsync($"api/triage/admin/privacy/erasures/{erasure}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await helpdesk.Table(n => n.Contacts).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(key, "")).HasValue.Should().BeTrue();
    }

    /// <summary>
    /// Two citizens with everything (<see cref="PrivacyCitizens"/>); then, the pump stopped (a second instance on the same
    /// storage with Queue:Enabled false, so queued messages stay queued): the citizen's webhook queued inline, a webhook
    /// of both citizens behind a claim check, our reply to the citizen in outbound-poison and one to the other in outbound.
    /// </summary>
    private async Task<(HelpdeskInstance Helpdesk, PrivacyCitizen Citizen, PrivacyCitizen Other)> ArrangeAsync(
        Action<IServiceCollection>? services = null, Action<PrivacyCitizen>? created = null, bool crisis = false)
    {
        PrivacyCitizen citizen, other;
        Dictionary<string, string?> storage;
        await using (var first = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true))
        {
            // A crisis in Portugal: both citizens get its message (a Crises r- row each) and then a broadcast (a recipient row each).
            var opened = crisis ? await CrisisArea.OpenCrisisAsync(first) : null;
            await first.Services.GetRequiredService<ConsularHelpdesk.Crises.OpenCrises>().RefreshAsync(CancellationToken.None, force: true);
            citizen = await PrivacyCitizens.CreateAsync(first, WaId, Name, Unique);
            other = await PrivacyCitizens.CreateAsync(first, OtherWaId, "Other Person", OtherUnique);
            if (opened is not null)
            {
                using var admin = await first.SignInAsync("admin");
                using var sent = await admin.PostAsJsonAsync($"api/triage/crises/{opened.Id}/broadcasts", new JsonObject { ["days"] = 14, ["text"] = new JsonObject { ["nl"] = "Blijf binnen.", ["fr"] = "Restez à l'intérieur.", ["de"] = "Bleiben Sie drinnen.", ["en"] = "Stay indoors." } });
                sent.StatusCode.Should().Be(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
                var broadcast = (await sent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                var progress = await HelpdeskInstance.EventuallyAsync(
                    () => admin.ProgressAsync(opened.Id, broadcast), p => p["phase"]!.GetValue<string>() == "done" && p["counts"]!["queued"]!.GetValue<int>() == 0, TimeSpan.FromSeconds(60));
                progress["recipients"]!.GetValue<int>().Should().Be(2);
                (await QueueDrain.DrainedAsync(first)).Should().BeTrue();
            }

            var configuration = first.Services.GetRequiredService<IConfiguration>();
            storage = new() { ["Storage:Prefix"] = configuration["Storage:Prefix"], ["Queue:Enabled"] = "false", ["Storage:ClaimCheckThresholdBytes"] = "1024" };
        }

        created?.Invoke(citizen);
        var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, storage, services, development: true);
        var names = helpdesk.Storage.Names;
        var at = DateTimeOffset.UtcNow;
        var alone = CitizenPayloads.WhatsApp(WaId, Name, at, CitizenPayloads.WhatsAppText($"{Unique} ainda aqui"));
        var envelope = new InboundEnvelope(ChannelKind.WhatsApp, at, Convert.ToBase64String(Encoding.UTF8.GetBytes(alone)), null);
        await helpdesk.Storage.Queue(names.InboundQueue).SendMessageAsync(JsonSerializer.Serialize(envelope, IngestJsonContext.Default.InboundEnvelope));
        await helpdesk.Services.GetRequiredService<InboundQueue>().EnqueueAsync(ChannelKind.WhatsApp, Encoding.UTF8.GetBytes(Batched(at)), CancellationToken.None);
        await helpdesk.Storage.Queue(names.OutboundQueue + "-poison").SendMessageAsync(Outbound(citizen.Conversations[1], WaId, $"Resposta sobre {Unique}"));
        await helpdesk.Storage.Queue(names.OutboundQueue).SendMessageAsync(Outbound(other.Conversations[1], OtherWaId, $"Resposta sobre {OtherUnique}"));
        return (helpdesk, citizen, other);
    }

    /// <summary>One webhook body with a message of each citizen (Meta batches them).</summary>
    private static string Batched(DateTimeOffset at)
    {
        var body = JsonNode.Parse(CitizenPayloads.WhatsApp(WaId, Name, at, CitizenPayloads.WhatsAppText($"{Unique} no lote: " + string.Concat(Enumerable.Repeat("perdi o passaporte, ", 60)))))!;
        var others = JsonNode.Parse(CitizenPayloads.WhatsApp(OtherWaId, "Other Person", at, CitizenPayloads.WhatsAppText($"{OtherUnique} na fila")))!;
        var value = body["entry"]![0]!["changes"]![0]!["value"]!;
        var otherValue = others["entry"]![0]!["changes"]![0]!["value"]!;
        value["contacts"]!.AsArray().Add(otherValue["contacts"]![0]!.DeepClone());
        value["messages"]!.AsArray().Add(otherValue["messages"]![0]!.DeepClone());
        return body.ToJsonString();
    }

    private static string Outbound(string conversationId, string waId, string text) => new JsonObject
    {
        ["replyId"] = Guid.NewGuid().ToString(),
        ["conversationId"] = conversationId,
        ["messageRowKey"] = "msg-0",
        ["channel"] = "WhatsApp",
        ["channelAccountId"] = "100000000000001",
        ["recipientId"] = waId,
        ["recipientPhone"] = waId,
        ["text"] = text,
        ["quickReplies"] = new JsonArray(),
    }.ToJsonString();

    private static async Task<JsonObject> FindAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("api/triage/admin/privacy/find", body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> RequestAsync(HttpClient admin, string contact)
    {
        using var response = await admin.PostAsJsonAsync("api/triage/admin/privacy/erasures", new { contact });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
