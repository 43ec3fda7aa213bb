using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>Search (<c>POST /api/triage/search</c>) through the self-host on Azurite: name words, tags, ids, and nothing personal in keys.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConversationSearchTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("helene")]
    [InlineData("HÉLÈNE")]
    [InlineData("Dupont")]
    [InlineData("dupont hélène")]
    public async Task A_word_of_the_contact_name_finds_the_conversation_whatever_its_case_and_accents(string query)
    {
        await using var helpdesk = await StartAsync();
        var id = await WhatsAppConversationAsync(helpdesk, "32470000901", "Hélène Dupont", "Je suis à Dakar", "dakar");
        await WhatsAppConversationAsync(helpdesk, "32470000902", "Marc Lambert", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await SearchAsync(agent, query)).Should().Equal(id);
    }

    [Theory]
    [InlineData("hel")]
    [InlineData("dupon")]
    [InlineData("helene martin")]
    public async Task Only_whole_words_match(string query)
    {
        await using var helpdesk = await StartAsync();
        await WhatsAppConversationAsync(helpdesk, "32470000903", "Hélène Dupont", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await SearchAsync(agent, query)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_tag_finds_the_conversation_and_a_removed_tag_no_longer_does()
    {
        await using var helpdesk = await StartAsync();
        var id = await WhatsAppConversationAsync(helpdesk, "32470000904", "Awa Diallo", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "Passeport perdu" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SearchAsync(agent, "passeport perdu")).Should().Equal(id);

        (await agent.ChangeAsync(id, "tags", new { tags = Array.Empty<string>() }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SearchAsync(agent, "passeport perdu")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_conversation_id_finds_that_conversation_open_or_closed()
    {
        await using var helpdesk = await StartAsync();
        var id = await WhatsAppConversationAsync(helpdesk, "32470000905", "Awa Diallo", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var response = await agent.PostAsJsonAsync("api/triage/search", new { q = id });
        var found = await response.Content.ReadFromJsonAsync<JsonObject>();

        found!["items"]!.AsArray().Should().ContainSingle().Which!["state"]!.GetValue<string>().Should().Be("closed");
    }

    [Fact]
    public async Task Nothing_is_found_in_posts_the_agent_does_not_serve()
    {
        await using var helpdesk = await StartAsync();
        var dakar = await WhatsAppConversationAsync(helpdesk, "32470000906", "Hélène Dupont", "Je suis à Dakar", "dakar");
        var kinshasa = await WhatsAppConversationAsync(helpdesk, "32470000907", "Hélène Mbuyi", "Je suis à Kinshasa", "kinshasa");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await SearchAsync(agent, "helene")).Should().Equal(dakar);
        (await SearchAsync(agent, kinshasa)).Should().BeEmpty("an id of another post's conversation finds nothing");
        using var all = await agent.PostAsJsonAsync("api/triage/search", new { q = "helene", scope = "all" });
        all.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_transfer_moves_the_conversation_to_the_new_posts_results()
    {
        await using var helpdesk = await StartAsync();
        var id = await WhatsAppConversationAsync(helpdesk, "32470000908", "Hélène Dupont", "Je suis à Dakar", "dakar");
        using var dakar = await helpdesk.SignInAsync("dakar-agent");
        using var kinshasa = await helpdesk.SignInAsync("kinshasa-agent");

        (await dakar.ChangeAsync(id, "transfer", new { postId = "kinshasa", reason = "Lives in Kinshasa" })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await SearchAsync(kinshasa, "dupont")).Should().Equal(id);
        (await SearchAsync(dakar, "dupont")).Should().BeEmpty();
        (await IndexKeysAsync(helpdesk)).Should().NotContain(k => k.RowKey.StartsWith("dakar|", StringComparison.Ordinal), "the old post's rows are removed");
    }

    [Fact]
    public async Task A_conversation_routing_moves_from_the_central_desk_is_found_at_its_new_post_and_no_longer_at_the_desk()
    {
        await using var helpdesk = await StartAsync();
        var id = await WhatsAppConversationAsync(helpdesk, "32470000910", "Fatou Sow", "Bonjour, j'ai besoin d'aide", "central");
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("32470000910", "Fatou Sow", DateTimeOffset.UtcNow.AddSeconds(5), CitizenPayloads.WhatsAppText("Je suis à Dakar"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var keys = await HelpdeskInstance.EventuallyAsync(() => IndexKeysAsync(helpdesk), k => k.Any(x => x.RowKey == $"dakar|{id}") && !k.Any(x => x.RowKey.StartsWith("central|", StringComparison.Ordinal)));

        keys.Should().OnlyContain(k => k.RowKey == $"dakar|{id}", "the message that moved it indexed it at its new post and removed the desk's rows");
        using var dakar = await helpdesk.SignInAsync("dakar-agent");
        (await SearchAsync(dakar, "sow")).Should().Equal(id);
        using var desk = await helpdesk.SignInAsync("central-duty");
        (await SearchAsync(desk, "sow")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_agent_of_many_posts_searches_with_filters_azure_accepts()
    {
        var calls = new StorageCallLog(azurite.Azurite.TablePort);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true, services: s => s.AddSingleton<HttpPipelinePolicy>(calls));
        string[] posts = ["dakar", "kinshasa", "abidjan", "bamako", "kigali", "nairobi", "rabat", "tunis", "cairo"];
        var known = posts.Where(p => helpdesk.Services.GetRequiredService<PostCatalog>().TryGet(p, out _)).ToArray();
        known.Should().HaveCountGreaterThanOrEqualTo(7, "the test needs an agent of seven posts or more");
        await helpdesk.Services.GetRequiredService<AgentDirectory>().SaveAsync(new Agent("many-posts", "Agent of many posts", AgentRole.Agent, known, "fr"), CancellationToken.None);
        var id = await WhatsAppConversationAsync(helpdesk, "32470000911", "Hélène Dupont", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("many-posts");
        calls.Clear();

        (await SearchAsync(agent, "dupont")).Should().Equal(id);

        var filters = calls.TableCalls.Where(c => c.Contains("SearchIndex", StringComparison.Ordinal) && c.Contains("$filter=", StringComparison.Ordinal)).ToList();
        filters.Should().NotBeEmpty();
        // Azure Table Storage refuses a filter of more than 15 comparisons (Azurite does not check it).
        filters.Should().OnlyContain(f => Regex.Count(f, " (eq|ne|ge|gt|le|lt) ") <= 15);
    }

    [Fact]
    public async Task No_search_table_key_holds_a_name_a_tag_or_a_phone_number()
    {
        await using var helpdesk = await StartAsync();
        var id = await WhatsAppConversationAsync(helpdesk, "32470000909", "Hélène Dupont", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "dupont" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);

        var keys = await IndexKeysAsync(helpdesk);

        keys.Should().HaveCount(3, "two name words and one tag");
        foreach (var (partitionKey, rowKey) in keys)
        {
            partitionKey.Should().MatchRegex("^[0-9a-f]{32}$");
            rowKey.Should().Be($"dakar|{id}");
            foreach (var personal in new[] { "helene", "hélène", "dupont", "32470000909" })
            {
                (partitionKey + rowKey).Should().NotContainEquivalentOf(personal);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("?!")]
    public async Task A_search_without_a_word_is_a_400(string query)
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var response = await agent.PostAsJsonAsync("api/triage/search", new { q = query });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_search_is_a_json_post_so_that_no_name_stands_in_a_url()
    {
        await using var helpdesk = await StartAsync();
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var get = await agent.GetAsync("api/triage/search?q=dupont");
        using var form = await agent.PostAsync("api/triage/search", new FormUrlEncodedContent([new("q", "dupont")]));

        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        form.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    private Task<HelpdeskInstance> StartAsync() => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

    private static async Task<List<string>> SearchAsync(HttpClient agent, string query)
    {
        using var response = await agent.PostAsJsonAsync("api/triage/search", new { q = query });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    private static async Task<List<(string PartitionKey, string RowKey)>> IndexKeysAsync(HelpdeskInstance helpdesk)
    {
        var keys = new List<(string, string)>();
        await foreach (var row in helpdesk.Table(n => n.SearchIndex).QueryAsync<TableEntity>())
        {
            keys.Add((row.PartitionKey, row.RowKey));
        }

        return keys;
    }

    /// <summary>A citizen with a WhatsApp profile name writes; returns the conversation id once it is routed to the post and indexed.</summary>
    private static async Task<string> WhatsAppConversationAsync(HelpdeskInstance helpdesk, string sender, string name, string text, string post)
    {
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(sender, name, DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText(text)))).StatusCode.Should().Be(HttpStatusCode.OK);
        var contactKey = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.WhatsApp, sender);
        var rows = await HelpdeskInstance.EventuallyAsync(
            helpdesk.ConversationRowsAsync,
            r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == post && h.GetString("ContactKey") == contactKey));
        var id = rows.First(h => h.RowKey == "thread" && h.GetString("PostId") == post && h.GetString("ContactKey") == contactKey).PartitionKey;
        await HelpdeskInstance.EventuallyAsync(() => IndexKeysAsync(helpdesk), k => k.Any(x => x.RowKey.EndsWith("|" + id, StringComparison.Ordinal)));
        return id;
    }
}
