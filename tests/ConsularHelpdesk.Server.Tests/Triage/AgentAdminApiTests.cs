using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>Administrators add and edit agents (<c>/api/triage/admin/agents/{id}</c>) through the self-host on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AgentAdminApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_administrator_adds_a_duty_officer_who_can_then_sign_in_with_those_rights()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");

        using var saved = await admin.PutAgentAsync("gulf-night", "Night officer (Gulf)", "dutyOfficer", ["riyadh", "doha"], "fr");
        var read = await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/agents/gulf-night");
        using var officer = await helpdesk.SignInAsync("gulf-night");
        var me = await officer.GetFromJsonAsync<JsonObject>("api/triage/me");

        saved.StatusCode.Should().Be(HttpStatusCode.OK);
        read!["role"]!.GetValue<string>().Should().Be("dutyOfficer");
        read["posts"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal("riyadh", "doha");
        me!["posts"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).Should().BeEquivalentTo(["riyadh", "doha"]);
    }

    [Theory]
    [InlineData("ok-id", "", "agent", "dakar", "fr", "name")]
    [InlineData("ok-id", "A name", "boss", "dakar", "fr", "role")]
    [InlineData("ok-id", "A name", "agent", "atlantis", "fr", "posts")]
    [InlineData("ok-id", "A name", "agent", "dakar", "es", "language")]
    [InlineData("bad%20id", "A name", "agent", "dakar", "fr", "id")]
    public async Task A_bad_agent_is_a_400_that_names_the_field(string id, string name, string role, string post, string language, string field)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");

        using var response = await admin.PutAgentAsync(id, name, role, [post], language);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Should().Equal(field);
        (await admin.GetAsync("api/triage/admin/agents/ok-id")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_administrators_edit_agents_and_an_over_long_body_is_refused()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        using var admin = await helpdesk.SignInAsync("admin");

        using var bySupervisor = await supervisor.PutAgentAsync("kinshasa-agent", "Promoted", "admin", [], "fr");
        using var huge = await admin.PutAgentAsync("huge", new string('x', 70_000), "agent", ["dakar"], "fr");

        bySupervisor.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        huge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await admin.GetFromJsonAsync<JsonObject>("api/triage/admin/agents/kinshasa-agent"))!["role"]!.GetValue<string>().Should().Be("agent");
    }
}
