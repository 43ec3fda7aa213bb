using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Crises;

/// <summary>Crisis mode through the triage API on Azurite: open, tag, reply once, count, close; rights and bad input.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrisisApiTests(AzuriteFixture azurite)
{
    private const string German = "Militärputsch: Bleiben Sie drinnen. Krisennummer +32 2 501 40 00.";
    private const string French = "Coup d'État : restez à l'intérieur. Numéro de crise +32 2 501 40 00.";

    private static object Crisis(string title = "Coup attempt", string[]? countries = null, string[]? subdivisions = null, object? messages = null) => new
    {
        title,
        countries = countries ?? ["SN"],
        subdivisions = subdivisions ?? [],
        messages = messages ?? new { nl = "Staatsgreep: blijf binnen.", fr = French, de = German, en = "Coup attempt: stay indoors." },
    };

    [Fact]
    public async Task Open_tags_the_areas_conversations_replies_once_to_each_citizen_and_counts_what_the_dashboard_shows()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        var before = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000001", "Je suis à Dakar, que se passe-t-il ?", "dakar");
        var elsewhere = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000002", "I am in Lisbon", "lisbon");
        using var supervisor = await helpdesk.SignInAsync("dakar-supervisor");

        using var opened = await supervisor.PostAsJsonAsync("api/triage/crises", Crisis());
        opened.StatusCode.Should().Be(HttpStatusCode.Created);
        var crisis = (await opened.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = crisis["id"]!.GetValue<string>();
        crisis["taggedAtOpen"]!.GetValue<int>().Should().Be(1, "the conversation from Senegal of before the crisis is tagged at once");

        // A citizen from the area writes after the opening; Meta delivers the webhook twice.
        // A second later: WhatsApp's timestamps are whole seconds, Messenger's milliseconds; in the same second the
        // later WhatsApp message would seem to be sent first.
        var body = CitizenPayloads.WhatsApp("221770000001", "Awa", DateTimeOffset.UtcNow.AddSeconds(1), CitizenPayloads.WhatsAppText("Ich bin in Dakar, was soll ich tun?"));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        var toWhatsApp = helpdesk.Graph.Received.Where(r => r.Body?["to"]?.GetValue<string>() == "221770000001").ToList();
        toWhatsApp.Should().ContainSingle("the crisis message goes once, and stands in for the acknowledgement and the intake question")
            .Which.Body!["text"]!["body"]!.GetValue<string>().Should().StartWith(German + "\n\nDatenschutz:", "the citizen wrote in German; their first automatic message carries the privacy notice");

        var list = await ConversationsAsync(supervisor, id);
        list["total"]!.GetValue<int>().Should().Be(2);
        var rows = list["conversations"]!.AsArray();
        rows.Select(r => r!["id"]!.GetValue<string>()).Should().Contain(before).And.NotContain(elsewhere);
        rows.Should().OnlyContain(r => r!["level"]!.GetValue<string>() != "none", "a crisis raises its conversations to at least elevated");

        var dashboard = (await DashboardAsync(supervisor, id))!;
        dashboard["conversations"]!.GetValue<int>().Should().Be(2);
        dashboard["waiting"]!.GetValue<int>().Should().Be(2);
        dashboard["answered"]!.GetValue<int>().Should().Be(0);
        dashboard["byChannel"]!["Messenger"]!.GetValue<int>().Should().Be(1);
        dashboard["byChannel"]!["WhatsApp"]!.GetValue<int>().Should().Be(1);
        dashboard["byLevel"]!["elevated"]!.GetValue<int>().Should().Be(2, "both conversations from the area are raised to elevated");
        var oldest = dashboard["oldestWaitingConversationId"]!.GetValue<string>();
        oldest.Should().Be(before, "the citizen who wrote before the crisis waits longest");

        // A citizen of the same post's jurisdiction but outside the area (the Gambia) writes last: the crisis's conversations still come first.
        var gambia = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000003", "I am in Banjul", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var inbox = (await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations?view=open"))!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        inbox.Should().HaveCount(3).And.EndWith(gambia, "the conversations a crisis raised to elevated come before the newer one from outside its area");

        // An agent raises one by hand: the counts by level follow.
        using var raised = await agent.ChangeAsync(before, "level", new { level = "urgent" }, HttpMethod.Put);
        raised.StatusCode.Should().Be(HttpStatusCode.OK);
        var byLevel = await HelpdeskInstance.EventuallyAsync(() => DashboardAsync(supervisor, id), d => d!["byLevel"]!["urgent"]!.GetValue<int>() == 1);
        byLevel!["byLevel"]!["elevated"]!.GetValue<int>().Should().Be(1);

        // An agent of the post answers the first citizen: "not yet answered" becomes "answered".
        using var reply = await agent.ChangeAsync(before, "replies", new { replyId = "r-crisis-1", text = "Nous sommes là. Restez à l'abri." });
        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var after = await HelpdeskInstance.EventuallyAsync(() => DashboardAsync(supervisor, id), d => d!["answered"]!.GetValue<int>() == 1);
        after!["waiting"]!.GetValue<int>().Should().Be(1);
        after["oldestWaitingConversationId"]!.GetValue<string>().Should().NotBe(before);
    }

    [Fact]
    public async Task The_dashboard_reads_the_crisis_and_its_own_partition_and_nothing_else()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000011", "Je suis à Dakar", "dakar");
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000000012", "Je suis à Dakar aussi", "dakar");
        using var admin = await helpdesk.SignInAsync("admin");
        using var opened = await admin.PostAsJsonAsync("api/triage/crises", Crisis());
        var id = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await DashboardAsync(admin, id))!["conversations"]!.GetValue<int>().Should().Be(2);
        calls.Clear();

        await DashboardAsync(admin, id);

        calls.TableCalls.Where(c => !c.Contains("Presence", StringComparison.Ordinal)).Should().HaveCount(3, "the crisis row, its counter rows and the first row of its waiting index")
            .And.OnlyContain(c => c.Contains("Crises", StringComparison.Ordinal) && c.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Closing_keeps_the_crisis_with_who_opened_and_closed_it_and_a_second_crisis_for_an_open_area_is_a_conflict()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");
        using var opened = await admin.PostAsJsonAsync("api/triage/crises", Crisis(countries: ["TR"]));
        var id = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        using var twice = await admin.PostAsJsonAsync("api/triage/crises", Crisis(countries: ["TR", "GR"]));
        using var closed = await admin.PostAsync($"api/triage/crises/{id}/close", null);
        var all = (await admin.GetFromJsonAsync<JsonObject>("api/triage/crises"))!["crises"]!.AsArray();

        using var noSuchId = await admin.GetAsync("api/triage/crises/lock-TR");
        noSuchId.StatusCode.Should().Be(HttpStatusCode.NotFound, "only a crisis id names a crisis, never another row of the table");
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        closed.StatusCode.Should().Be(HttpStatusCode.OK);
        var kept = all.Should().ContainSingle().Subject!;
        kept["open"]!.GetValue<bool>().Should().BeFalse();
        kept["openedBy"]!.GetValue<string>().Should().Be("admin");
        kept["closedBy"]!.GetValue<string>().Should().Be("admin");
        kept["messages"]!["de"]!.GetValue<string>().Should().Be(German, "what was sent stays readable");
    }

    [Fact]
    public async Task A_country_and_one_of_its_subdivisions_opened_at_the_same_moment_open_one_crisis_and_the_other_is_a_conflict_naming_it()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");
        using var otherAdmin = await helpdesk.SignInAsync("admin");

        for (var round = 0; round < 12; round++)
        {
            // The country and its subdivision take different lock rows: only the generation row can tell them apart.
            var country = admin.PostAsJsonAsync("api/triage/crises", Crisis(title: $"Floods {round}", countries: ["BR"]));
            var subdivision = otherAdmin.PostAsJsonAsync("api/triage/crises", Crisis(title: $"Floods in the south {round}", countries: [], subdivisions: ["BR-RS"]));
            using var first = await country;
            using var second = await subdivision;

            var answers = new[] { first, second };
            answers.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict], $"exactly one of two overlapping crises opens (round {round})");
            var id = (await answers.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            (await answers.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync()).Should().Contain(id, "the conflict names the crisis that opened");
            var open = (await admin.GetFromJsonAsync<JsonObject>("api/triage/crises"))!["crises"]!.AsArray().Where(c => c!["open"]!.GetValue<bool>());
            open.Should().ContainSingle().Which!["id"]!.GetValue<string>().Should().Be(id);

            using var closed = await admin.PostAsync($"api/triage/crises/{id}/close", null);
            closed.StatusCode.Should().Be(HttpStatusCode.OK, "a close moves the generation row the opens hold on");
        }
    }

    [Fact]
    public async Task An_agent_cannot_open_a_crisis_and_a_supervisor_only_for_the_areas_of_their_posts()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        using var supervisor = await helpdesk.SignInAsync("dakar-supervisor");

        using var byAgent = await agent.PostAsJsonAsync("api/triage/crises", Crisis());
        using var listByAgent = await agent.GetAsync("api/triage/crises");
        using var elsewhere = await supervisor.PostAsJsonAsync("api/triage/crises", Crisis(countries: ["BR"]));
        using var own = await supervisor.PostAsJsonAsync("api/triage/crises", Crisis(countries: ["SN"]));

        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        listByAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.Forbidden, "Brazil is no area of the Dakar post");
        own.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_areas_offered_are_every_country_and_split_subdivision_for_an_administrator_and_those_a_supervisors_posts_serve_alone_which_open()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await helpdesk.AgentAsync("dakar-supervisor", AgentRole.Supervisor, "dakar");
        var catalog = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Routing.Catalog.PostCatalog>();
        using var admin = await helpdesk.SignInAsync("admin");
        using var supervisor = await helpdesk.SignInAsync("dakar-supervisor");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var all = (await admin.GetFromJsonAsync<JsonObject>("api/triage/crises/areas"))!;
        var own = (await supervisor.GetFromJsonAsync<JsonObject>("api/triage/crises/areas"))!;
        using var byAgent = await agent.GetAsync("api/triage/crises/areas");

        Codes(all, "countries").Should().Equal(catalog.Countries, "an administrator may open a crisis for any country the routing data knows, not only their posts'")
            .And.Contain(["TR", "BR", "SN"]);
        Codes(all, "subdivisions").Should().Equal(catalog.Subdivisions, "and every first-level subdivision of the countries split between posts").And.NotBeEmpty();
        all["countries"]!.AsArray().Single(c => c!["code"]!.GetValue<string>() == "SN")!["posts"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).Should().Equal(["dakar"]);
        var offered = Codes(own, "countries");
        offered.Should().Contain("SN").And.NotContain("BR").And.OnlyContain(c => catalog.ServingCountry(c).All(p => p.Id == "dakar"), "the countries the Dakar post alone serves");
        Codes(own, "subdivisions").Select(s => catalog.Responsible(new ConsularHelpdesk.Routing.Place(s.Substring(0, 2), s)).Id).Should().OnlyContain(post => post == "dakar");
        byAgent.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The page offers what the API accepts: every country offered to the supervisor opens, at once.
        using var opened = await supervisor.PostAsJsonAsync("api/triage/crises", Crisis(countries: [.. offered.Take(CrisesApi.MaxAreas)]));
        opened.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static List<string> Codes(JsonObject areas, string kind) => [.. areas[kind]!.AsArray().Select(a => a!["code"]!.GetValue<string>())];

    [Theory]
    [InlineData("title")]
    [InlineData("countries")]
    [InlineData("subdivisions")]
    [InlineData("messages.de")]
    [InlineData("messages.nl")]
    public async Task Bad_input_is_a_400_naming_the_field_and_opens_nothing(string field)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var admin = await helpdesk.SignInAsync("admin");
        var body = field switch
        {
            "title" => Crisis(title: new string('x', CrisesApi.MaxTitle + 1)),
            "countries" => Crisis(countries: ["XX"]),
            "subdivisions" => Crisis(subdivisions: ["BR-ZZ"]),
            "messages.de" => Crisis(messages: new { nl = "a", fr = "b", en = "d" }),
            _ => Crisis(messages: new { nl = new string('n', 2001), fr = "b", de = "c", en = "d" }),
        };

        using var response = await admin.PostAsJsonAsync("api/triage/crises", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Should().ContainKey(field);
        (await admin.GetFromJsonAsync<JsonObject>("api/triage/crises"))!["crises"]!.AsArray().Should().BeEmpty();
    }

    private static async Task<JsonObject> ConversationsAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"api/triage/crises/{id}/conversations"))!;

    private static async Task<JsonNode?> DashboardAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"api/triage/crises/{id}"))!["dashboard"];
}
