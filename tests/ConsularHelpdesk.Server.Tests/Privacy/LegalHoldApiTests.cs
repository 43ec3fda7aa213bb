using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>Legal hold through the triage API, per role: who may set and lift it, what it shows, what it keeps.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LegalHoldApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_supervisor_of_the_post_holds_a_conversation_an_administrator_lifts_it_and_both_are_audited()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000002301", "Je suis à Kinshasa", "kinshasa");
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");

        using var held = await supervisor.ChangeAsync(id, "legal-hold", new { hold = true, reason = "Court case 2026/114" }, HttpMethod.Put);

        held.StatusCode.Should().Be(HttpStatusCode.OK);
        var summary = await held.Content.ReadFromJsonAsync<JsonObject>();
        summary!["legalHold"]!.GetValue<bool>().Should().BeTrue();
        summary["legalHoldInfo"]!["by"]!.GetValue<string>().Should().Be("africa-supervisor");
        summary["legalHoldInfo"]!["reason"]!.GetValue<string>().Should().Be("Court case 2026/114");
        (await supervisor.ThreadAsync(id))["conversation"]!["legalHold"]!.GetValue<bool>().Should().BeTrue("the thread view shows it");
        var list = await supervisor.GetFromJsonAsync<JsonObject>("api/triage/posts/kinshasa/conversations?view=open");
        list!["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!["legalHold"]!.GetValue<bool>().Should().BeTrue("the list shows it");
        (await helpdesk.Services.GetRequiredService<ConversationPurge>().PurgeAsync(id, "test", CancellationToken.None)).Outcome.Should().Be(PurgeOutcome.Held);

        using var admin = await helpdesk.SignInAsync("admin");
        using var lifted = await admin.ChangeAsync(id, "legal-hold", new { hold = false }, HttpMethod.Put);

        lifted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await lifted.Content.ReadFromJsonAsync<JsonObject>())!["legalHold"]!.GetValue<bool>().Should().BeFalse();
        var header = await helpdesk.Services.GetRequiredService<ConversationHeaders>().GetAsync(id, CancellationToken.None);
        (header!.LegalHold, header.LegalHoldBy, header.LegalHoldReason).Should().Be((false, "admin", null));
        var audit = (await QueueDrain.RowsAsync(helpdesk.Table(n => n.Audit))).Where(r => r.GetString("ConversationId") == id && r.GetString("Action")!.StartsWith("legalhold.", StringComparison.Ordinal)).ToList();
        audit.Select(r => (r.GetString("Action"), r.GetString("Actor"))).Should().BeEquivalentTo([("legalhold.set", "africa-supervisor"), ("legalhold.clear", "admin")]);
        audit.Should().OnlyContain(r => r.PartitionKey.StartsWith("kinshasa-", StringComparison.Ordinal) && r.GetString("Details") == null, "the post's own audit; the reason stays on the header");
    }

    [Fact]
    public async Task An_agent_and_a_supervisor_of_another_post_cannot_and_a_reason_is_required_and_bounded()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000002302", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        using var otherSupervisor = await helpdesk.SignInAsync("africa-supervisor");
        using var admin = await helpdesk.SignInAsync("admin");

        (await agent.ChangeAsync(id, "legal-hold", new { hold = true, reason = "Case 1" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await otherSupervisor.ChangeAsync(id, "legal-hold", new { hold = true, reason = "Case 1" }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.NotFound, "another post's conversation: nothing leaks");
        (await admin.ChangeAsync(id, "legal-hold", new { hold = true }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.ChangeAsync(id, "legal-hold", new { hold = true, reason = new string('x', 201) }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var header = await helpdesk.Services.GetRequiredService<ConversationHeaders>().GetAsync(id, CancellationToken.None);
        header!.LegalHold.Should().BeFalse("nothing was changed");
        (await admin.ChangeAsync(id, "legal-hold", new { hold = true, reason = new string('x', 200) }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
