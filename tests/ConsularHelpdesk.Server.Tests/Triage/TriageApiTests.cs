using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>The agent API per role and per rule: who sees what, replies within the platforms' windows, concurrency, audit.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TriageApiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Without_sign_in_every_triage_call_is_401()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

        (await helpdesk.Http.GetAsync("api/triage/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await helpdesk.Http.GetAsync("api/triage/posts/central/conversations")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await helpdesk.Http.PostAsJsonAsync("api/triage/conversations/x/replies", new { replyId = "1", text = "hi" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_development_sign_in_does_not_exist_outside_development()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);

        (await helpdesk.Http.GetAsync("dev/sign-in")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await helpdesk.Http.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", "admin")]))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_agent_sees_their_posts_conversations_and_nothing_of_another_post()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var kinshasa = await ConversationAsync(helpdesk, "7200000000000001", "Je suis à Kinshasa, j'ai perdu mon passeport", "kinshasa");
        var lubumbashi = await ConversationAsync(helpdesk, "7200000000000002", "Je suis à Lubumbashi, aidez-moi", "lubumbashi");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        var me = await agent.GetFromJsonAsync<JsonObject>("api/triage/me");
        var own = await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/kinshasa/conversations");
        using var otherList = await agent.GetAsync("api/triage/posts/lubumbashi/conversations");
        using var otherThread = await agent.GetAsync($"api/triage/conversations/{lubumbashi}");
        using var otherReply = await agent.ChangeAsync(lubumbashi, "replies", new { replyId = Guid.NewGuid(), text = "hello" });
        using var otherClose = await agent.ChangeAsync(lubumbashi, "close");

        me!["posts"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).Should().Equal("kinshasa");
        me["transferTargets"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).Should().Contain(["central", "lubumbashi", "dakar"]).And.NotContain("brussels-eu");
        own!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(kinshasa);
        otherList.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherThread.StatusCode.Should().Be(HttpStatusCode.NotFound, "another post's conversation does not even exist for this agent");
        otherReply.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherClose.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AuditAsync(helpdesk)).Should().NotContain(a => a.GetString("ConversationId") == lubumbashi);
    }

    [Theory]
    [InlineData("africa-supervisor", new[] { "kinshasa", "lubumbashi" }, "dakar")]
    [InlineData("central-duty", new[] { "central" }, "kinshasa")]
    [InlineData("admin", new[] { "kinshasa", "lubumbashi", "dakar", "central" }, null)]
    [InlineData("dakar-agent", new[] { "dakar" }, "central")]
    public async Task Each_role_reaches_exactly_its_posts(string agentId, string[] reachable, string? refused)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var agent = await helpdesk.SignInAsync(agentId);

        foreach (var post in reachable)
        {
            (await agent.GetAsync($"api/triage/posts/{post}/conversations")).StatusCode.Should().Be(HttpStatusCode.OK, post);
        }

        if (refused is not null)
        {
            (await agent.GetAsync($"api/triage/posts/{refused}/conversations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task The_reply_window_runs_from_the_citizens_latest_message_though_only_the_first_wrote_the_contact()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7200000000000031", Now.AddHours(-30), CitizenPayloads.MessengerText("Je suis à Dakar"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var id = await ConversationIdAsync(helpdesk, "dakar", "7200000000000031");
        // Nothing the contact holds changes with this one (same citizen, same language): only the header records it.
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7200000000000031", Now.AddHours(-1), CitizenPayloads.MessengerText("Mon passeport a été volé"))))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var thread = await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");

        thread!["contact"]!["replyWindow"]!["mode"]!.GetValue<string>().Should().Be("free", "the citizen wrote an hour ago");
        thread["contact"]!["lastInboundAt"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(Now.AddHours(-1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Reading_a_thread_marks_it_read_and_is_audited()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000003", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var thread = await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");
        var list = await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations");

        thread!["messages"]!.AsArray().Should().ContainSingle(m => m!["text"]!.GetValue<string>() == "Je suis à Dakar");
        thread["conversation"]!["unreadCount"]!.GetValue<int>().Should().Be(0);
        thread["conversation"]!["routingReason"]!.GetValue<string>().Should().Contain("Dakar");
        thread["contact"]!["replyWindow"]!["mode"]!.GetValue<string>().Should().Be("free");
        thread["conversation"]!["routingReasons"]!["fr"]!.GetValue<string>().Should().Contain("Ambassade de Belgique à Dakar");
        thread["conversation"]!["routingReasons"]!["de"]!.GetValue<string>().Should().StartWith("Der Text nennt");
        list!["items"]![0]!["unreadCount"]!.GetValue<int>().Should().Be(0);
        (await AuditAsync(helpdesk)).Should().ContainSingle(a => a.GetString("Action") == "read" && a.GetString("Actor") == "dakar-agent");
    }

    [Fact]
    public async Task A_reply_is_sent_once_per_reply_id_and_shows_its_status()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000004", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var replyId = Guid.NewGuid();

        using var first = await agent.ChangeAsync(id, "replies", new { replyId, text = "Bonjour, nous vous aidons." });
        using var again = await agent.ChangeAsync(id, "replies", new { replyId, text = "Bonjour, nous vous aidons." });

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count >= 1);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().ContainSingle();
        sent[0].Body!["message"]!["text"]!.GetValue<string>().Should().Be("Bonjour, nous vous aidons.");
        sent[0].Body!["recipient"]!["id"]!.GetValue<string>().Should().Be("7200000000000004");
        // The sender records Meta's answer asynchronously after the request it made.
        var thread = await HelpdeskInstance.EventuallyAsync(
            () => agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}"),
            t => t!["messages"]!.AsArray().Any(m => m!["direction"]!.GetValue<string>() == "out" && m["status"]?.GetValue<string>() == "Sent"));
        var reply = thread!["messages"]!.AsArray().Single(m => m!["direction"]!.GetValue<string>() == "out")!;
        reply["author"]!.GetValue<string>().Should().Be("Agent (Dakar)");
        reply["status"]!.GetValue<string>().Should().Be("Sent");
    }

    [Fact]
    public async Task A_reply_that_cannot_be_queued_shows_as_failed_and_goes_once_when_sent_again()
    {
        var fault = new FaultInjection(m => m.Request.Method == Azure.Core.RequestMethod.Post && m.Request.Uri.Path.Contains("outbound/messages", StringComparison.Ordinal), 1);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true,
            services: s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(fault));
        var id = await ConversationAsync(helpdesk, "7200000000000019", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var reply = new { replyId = Guid.NewGuid(), text = "Nous vous rappelons." };

        using var first = await agent.ChangeAsync(id, "replies", reply);
        var afterFailure = await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");
        using var again = await agent.ChangeAsync(id, "replies", reply);

        first.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        afterFailure!["messages"]!.AsArray().Single(m => m!["direction"]!.GetValue<string>() == "out")!["status"]!.GetValue<string>().Should().Be("Failed");
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().ContainSingle();
        var thread = await HelpdeskInstance.EventuallyAsync(
            () => agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}"),
            t => t!["messages"]!.AsArray().Any(m => m!["status"]?.GetValue<string>() == "Sent"));
        thread!["messages"]!.AsArray().Count(m => m!["direction"]!.GetValue<string>() == "out").Should().Be(1);
    }

    [Fact]
    public async Task A_private_note_stays_in_the_thread_and_is_never_sent()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000005", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await agent.ChangeAsync(id, "notes", new { text = "Called the hospital: she is stable." })).StatusCode.Should().Be(HttpStatusCode.Created);

        var thread = await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");
        thread!["messages"]!.AsArray().Should().ContainSingle(m => m!["direction"]!.GetValue<string>() == "note" && m["text"]!.GetValue<string>() == "Called the hospital: she is stable.");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task Two_agents_changing_the_same_conversation_get_a_clear_conflict()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000006", "Je suis à Lubumbashi", "lubumbashi");
        using var agent = await helpdesk.SignInAsync("lubumbashi-agent");
        using var supervisor = await helpdesk.SignInAsync("africa-supervisor");
        var etag = (await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}"))!["conversation"]!["etag"]!.GetValue<string>();
        await supervisor.GetAsync($"api/triage/conversations/{id}");

        using var mine = await SendWithIfMatchAsync(agent, $"api/triage/conversations/{id}/assign", etag, new { });
        using var theirs = await SendWithIfMatchAsync(supervisor, $"api/triage/conversations/{id}/assign", etag, new { });

        mine.StatusCode.Should().Be(HttpStatusCode.OK);
        theirs.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await theirs.Content.ReadAsStringAsync()).Should().Contain("changed");
        var thread = await supervisor.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");
        thread!["conversation"]!["assignedTo"]!.GetValue<string>().Should().Be("lubumbashi-agent");
    }

    [Fact]
    public async Task Whatsapp_after_24_hours_allows_only_a_template()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["WhatsApp:Templates:en"] = "consular_followup_en" }, development: true);
        var body = CitizenPayloads.WhatsApp("221770000007", "Awa", Now.AddHours(-30), CitizenPayloads.WhatsAppText("Je suis à Dakar"));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var id = await ConversationIdAsync(helpdesk, "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var free = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" });
        using var template = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "", template = "consular_followup_en" });

        free.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await free.Content.ReadAsStringAsync()).Should().Contain("template");
        template.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1)).Single();
        sent.Body!["type"]!.GetValue<string>().Should().Be("template");
        sent.Body["template"]!["name"]!.GetValue<string>().Should().Be("consular_followup_en");
    }

    [Theory]
    [InlineData(3, HttpStatusCode.Accepted)]
    [InlineData(8, HttpStatusCode.UnprocessableEntity)]
    public async Task Messenger_after_24_hours_replies_as_human_agent_until_7_days(int daysAgo, HttpStatusCode expected)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var body = CitizenPayloads.Messenger("7200000000000008", Now.AddDays(-daysAgo), CitizenPayloads.MessengerText("Je suis à Dakar"));
        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var id = await ConversationIdAsync(helpdesk, "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var reply = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" });

        reply.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.Accepted)
        {
            var sent = (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1)).Single();
            sent.Body!["messaging_type"]!.GetValue<string>().Should().Be("MESSAGE_TAG");
            sent.Body["tag"]!.GetValue<string>().Should().Be("HUMAN_AGENT");
        }
    }

    [Fact]
    public async Task A_transfer_moves_the_conversation_out_of_the_agents_reach()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000009", "Je suis à Kinshasa", "kinshasa");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");

        using var transfer = await agent.ChangeAsync(id, "transfer", new { postId = "dakar", reason = "travels to Senegal" });

        transfer.StatusCode.Should().Be(HttpStatusCode.OK);
        (await agent.GetAsync($"api/triage/conversations/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var dakar = await helpdesk.SignInAsync("dakar-agent");
        var thread = await dakar.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");
        thread!["conversation"]!["routingStep"]!.GetValue<string>().Should().Be("Manual");
    }

    [Fact]
    public async Task Close_reopen_and_tags_change_the_views()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000010", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await agent.ChangeAsync(id, "tags", new { tags = new[] { "urgent", "hospital" } }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.OK);
        var urgent = await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations?view=urgent");
        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        var closed = await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations?view=closed");
        var open = await agent.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations");
        (await agent.ChangeAsync(id, "reopen")).StatusCode.Should().Be(HttpStatusCode.OK);

        urgent!["items"]!.AsArray().Should().ContainSingle().Which!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("urgent", "hospital");
        closed!["items"]!.AsArray().Should().ContainSingle();
        open!["items"]!.AsArray().Should().BeEmpty();
        (await AuditAsync(helpdesk)).Select(a => a.GetString("Action")).Should().Contain(["tags", "close", "reopen"]);
    }

    [Fact]
    public async Task Polling_the_list_with_its_etag_answers_304_until_something_changes()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        await ConversationAsync(helpdesk, "7200000000000011", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var first = await agent.GetAsync("api/triage/posts/dakar/conversations");
        var etag = first.Headers.ETag!.ToString();

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, "api/triage/posts/dakar/conversations");
        unchanged.Headers.TryAddWithoutValidation("If-None-Match", etag);
        (await agent.SendAsync(unchanged)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7200000000000011", Now.AddSeconds(5), CitizenPayloads.MessengerText("Encore moi")));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);
        using var changed = new HttpRequestMessage(HttpMethod.Get, "api/triage/posts/dakar/conversations");
        changed.Headers.TryAddWithoutValidation("If-None-Match", etag);
        (await agent.SendAsync(changed)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Polling_an_open_thread_answers_304_without_a_new_read_until_a_message_or_status_changes()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000015", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var etag = (await agent.GetAsync($"api/triage/conversations/{id}")).Headers.ETag!.ToString();

        using var poll = new HttpRequestMessage(HttpMethod.Get, $"api/triage/conversations/{id}");
        poll.Headers.TryAddWithoutValidation("If-None-Match", etag);
        (await agent.SendAsync(poll)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await AuditAsync(helpdesk)).Count(a => a.GetString("Action") == "read").Should().Be(1, "a poll that finds nothing new is no read");

        await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7200000000000015", Now.AddSeconds(5), CitizenPayloads.MessengerText("Vous êtes là ?")));
        await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 2);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"api/triage/conversations/{id}");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var changed = await agent.SendAsync(again);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await changed.Content.ReadFromJsonAsync<JsonObject>())!["messages"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task Behind_app_service_authentication_the_principal_header_signs_the_agent_in()
    {
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"admin"},{"typ":"name","val":"Admin"}],"name_typ":"name","role_typ":"roles"}"""));
        await using var easyAuth = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, new Dictionary<string, string?> { ["Auth:EasyAuth"] = "true", ["WEBSITE_AUTH_ENABLED"] = "True" }, development: true);
        await using var plain = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

        using var trusted = new HttpRequestMessage(HttpMethod.Get, "api/triage/me");
        trusted.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        using var untrusted = new HttpRequestMessage(HttpMethod.Get, "api/triage/me");
        untrusted.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);

        (await easyAuth.Http.SendAsync(trusted)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await plain.Http.SendAsync(untrusted)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "without Easy Auth in front, anyone could send that header");
    }

    [Fact]
    public async Task An_agent_sends_a_document_that_meta_fetches_through_a_short_lived_link()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var body = CitizenPayloads.WhatsApp("221770000012", "Awa", Now, CitizenPayloads.WhatsAppText("Je suis à Dakar"));
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var id = await ConversationIdAsync(helpdesk, "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var attachment = await UploadAsync(agent, id, "Formulaire laissez-passer.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray());
        using var reply = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Voici le formulaire", attachmentId = attachment });

        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var sent = (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1)).Single();
        sent.Body!["type"]!.GetValue<string>().Should().Be("document");
        sent.Body["document"]!["filename"]!.GetValue<string>().Should().Be("Formulaire_laissez-passer.pdf");
        sent.Body["document"]!["caption"]!.GetValue<string>().Should().Be("Voici le formulaire");
        var link = new Uri(sent.Body["document"]!["link"]!.GetValue<string>());
        link.Query.Should().Contain("sig=").And.Contain("sp=r");
        using var fetched = await new HttpClient().GetAsync(link);
        (await fetched.Content.ReadAsStringAsync()).Should().Be("%PDF-1.4 test");
    }

    [Fact]
    public async Task On_messenger_the_text_and_the_image_go_as_two_messages()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000013", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var attachment = await UploadAsync(agent, id, "plan.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        (await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Le consulat est ici", attachmentId = attachment }))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);

        var sent = await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 2);
        sent.Should().HaveCount(2);
        sent.Should().ContainSingle(r => r.Body!["message"]!["text"] != null && r.Body["message"]!["text"]!.GetValue<string>() == "Le consulat est ici");
        sent.Should().ContainSingle(r => r.Body!["message"]!["attachment"] != null && r.Body["message"]!["attachment"]!["type"]!.GetValue<string>() == "image");
    }

    [Fact]
    public async Task Files_other_than_images_and_pdf_are_refused()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000014", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("MZ"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-msdownload");
        form.Add(file, "file", "tool.exe");

        using var response = await agent.UploadFormAsync(id, form);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("PDF");
    }

    [Fact]
    public async Task Bad_requests_get_400_and_change_nothing()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000016", "Je suis à Dakar", "dakar");
        var other = await ConversationAsync(helpdesk, "7200000000000017", "Je suis à Lubumbashi", "lubumbashi");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        (await agent.ChangeAsync(id, "tags", new { tags = (string[]?)null }, HttpMethod.Put)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await agent.ChangeAsync(id, "transfer", new { reason = "no post" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await agent.ChangeAsync(id, "transfer", new { postId = "brussels-eu", reason = "no consular help there" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "x", attachmentId = $"{id}/../{other}/00000000000000000000000000000000/a.pdf" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await agent.ChangeAsync(other, "assign", new { agentId = "no/such'agent" })).StatusCode.Should().Be(HttpStatusCode.NotFound, "another post's conversation does not exist for this agent, whoever the assignee");
        using var malformed = new StringContent("--x\r\nnot really multipart");
        malformed.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        (await agent.UploadFormAsync(id, malformed)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var thread = await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{id}");
        thread!["conversation"]!["postId"]!.GetValue<string>().Should().Be("dakar");
        thread["conversation"]!["tags"]!.AsArray().Should().BeEmpty();
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        helpdesk.Graph.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task A_transferred_conversation_arrives_unassigned()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await ConversationAsync(helpdesk, "7200000000000018", "Je suis à Kinshasa", "kinshasa");
        using var agent = await helpdesk.SignInAsync("kinshasa-agent");
        (await agent.ChangeAsync(id, "assign", new { })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await agent.ChangeAsync(id, "transfer", new { postId = "dakar", reason = "moved" })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var dakar = await helpdesk.SignInAsync("dakar-agent");
        var unassigned = await HelpdeskInstance.EventuallyAsync(
            () => dakar.GetFromJsonAsync<JsonObject>("api/triage/posts/dakar/conversations?view=unassigned"),
            page => page!["items"]!.AsArray().Count == 1);
        unassigned!["items"]!.AsArray().Should().ContainSingle().Which!["id"]!.GetValue<string>().Should().Be(id);
    }

    private static async Task<string> UploadAsync(HttpClient agent, string conversationId, string name, string contentType, byte[] content)
    {
        using var response = await agent.UploadFileAsync(conversationId, name, contentType, content);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> SendWithIfMatchAsync(HttpClient client, string url, string etag, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    /// <summary>A citizen writes on Messenger naming their city; returns the conversation id once routed to the post.</summary>
    private static async Task<string> ConversationAsync(HelpdeskInstance helpdesk, string psid, string text, string post)
    {
        (await helpdesk.PostAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, Now, CitizenPayloads.MessengerText(text)))).StatusCode.Should().Be(HttpStatusCode.OK);
        return await ConversationIdAsync(helpdesk, post, psid);
    }

    private static async Task<string> ConversationIdAsync(HelpdeskInstance helpdesk, string post, string? psid = null)
    {
        var contactKey = psid is null ? null : helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.Messenger, psid);
        var rows = await HelpdeskInstance.EventuallyAsync(
            helpdesk.ConversationRowsAsync,
            r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == post && (contactKey is null || h.GetString("ContactKey") == contactKey)));
        return rows.First(h => h.RowKey == "thread" && h.GetString("PostId") == post && (contactKey is null || h.GetString("ContactKey") == contactKey)).PartitionKey;
    }

    private static async Task<List<TableEntity>> AuditAsync(HelpdeskInstance helpdesk)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in helpdesk.Table(n => n.Audit).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
