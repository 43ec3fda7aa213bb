using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>
/// A change is made by the triage page or an API client, not by another site riding on the agent's cookie: it must
/// come from the same origin, as JSON, with If-Match. Refused changes change nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChangeGuardsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("POST", "replies")]
    [InlineData("POST", "notes")]
    [InlineData("POST", "assign")]
    [InlineData("POST", "unassign")]
    [InlineData("POST", "close")]
    [InlineData("POST", "reopen")]
    [InlineData("POST", "transfer")]
    [InlineData("PUT", "tags")]
    [InlineData("PUT", "language")]
    [InlineData("POST", "attachments")]
    public async Task A_change_without_if_match_is_428_and_changes_nothing(string method, string action)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000011", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var before = await agent.ThreadAsync(id);

        using var request = new HttpRequestMessage(new HttpMethod(method), $"api/triage/conversations/{id}/{action}") { Content = Body(action) };
        using var response = await agent.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.PreconditionRequired);
        (await response.Content.ReadAsStringAsync()).Should().Contain("If-Match");
        await NothingChangedAsync(helpdesk, agent, id, before);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task A_change_that_is_not_json_is_415_and_changes_nothing(string? contentType)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000012", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var before = await agent.ThreadAsync(id);

        using var close = await agent.ChangeAsync(id, "close", adjust: r => r.Content = Typed("{}", contentType));
        using var reply = await agent.ChangeAsync(id, "replies", adjust: r => r.Content = Typed("""{"replyId":"1","text":"hi"}""", contentType));

        close.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        reply.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        await NothingChangedAsync(helpdesk, agent, id, before);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_change_another_site_asks_for_is_403_and_changes_nothing(string header, string value)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000013", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var before = await agent.ThreadAsync(id);

        using var close = await agent.ChangeAsync(id, "close", adjust: r => r.Headers.TryAddWithoutValidation(header, value));
        using var reply = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "hi" }, adjust: r => r.Headers.TryAddWithoutValidation(header, value));
        using var upload = await UploadAsync(agent, id, r => r.Headers.TryAddWithoutValidation(header, value));

        close.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        reply.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        upload.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await close.Content.ReadAsStringAsync()).Should().Contain("another site");
        await NothingChangedAsync(helpdesk, agent, id, before);
    }

    [Fact]
    public async Task Changes_from_the_same_origin_or_without_browser_headers_still_work()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000014", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var origin = helpdesk.BaseAddress.GetLeftPart(UriPartial.Authority);

        using var fromPage = await agent.ChangeAsync(id, "close", adjust: r =>
        {
            r.Headers.TryAddWithoutValidation("Origin", origin);
            r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        });
        using var fromClient = await agent.ChangeAsync(id, "reopen");
        using var upload = await UploadAsync(agent, id, r => r.Headers.TryAddWithoutValidation("Origin", origin));

        fromPage.StatusCode.Should().Be(HttpStatusCode.OK);
        fromClient.StatusCode.Should().Be(HttpStatusCode.OK);
        upload.StatusCode.Should().Be(HttpStatusCode.Created);
        (await agent.ThreadAsync(id))["conversation"]!["state"]!.GetValue<string>().Should().Be("open");
    }

    [Fact]
    public async Task A_bare_triage_path_is_404()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var bare = await agent.GetAsync("api/triage/");
        using var bareNoSlash = await agent.GetAsync("api/triage");

        bare.StatusCode.Should().Be(HttpStatusCode.NotFound);
        bareNoSlash.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reply_to_a_closed_conversation_is_refused_until_it_is_reopened()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000015", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.ChangeAsync(id, "close")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var refused = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" });
        var whileClosed = await agent.ThreadAsync(id);
        (await agent.ChangeAsync(id, "reopen")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var accepted = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = "Bonjour" });

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        problem!["detail"]!.GetValue<string>().Should().Be("This conversation is closed; reopen it to reply.");
        whileClosed["messages"]!.AsArray().Should().NotContain(m => m!["direction"]!.GetValue<string>() == "out" && m["text"]!.GetValue<string>() == "Bonjour");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1)).Should().ContainSingle();
    }

    private static HttpContent Body(string action) => action switch
    {
        "replies" => JsonContent.Create(new { replyId = Guid.NewGuid(), text = "hi" }),
        "notes" => JsonContent.Create(new { text = "note" }),
        "transfer" => JsonContent.Create(new { postId = "kinshasa", reason = "moved" }),
        "tags" => JsonContent.Create(new { tags = new[] { "urgent" } }),
        "language" => JsonContent.Create(new { language = "nl" }),
        "attachments" => Png(),
        _ => JsonContent.Create(new { }),
    };

    private static StringContent Typed(string body, string? contentType)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static MultipartFormDataContent Png()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "plan.png");
        return form;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient agent, string id, Action<HttpRequestMessage> adjust)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/triage/conversations/{id}/attachments") { Content = Png() };
        request.Headers.TryAddWithoutValidation("If-Match", await agent.EtagAsync(id));
        adjust(request);
        return await agent.SendAsync(request);
    }

    /// <summary>Same header fields, same messages, nothing sent, no file stored.</summary>
    private static async Task NothingChangedAsync(HelpdeskInstance helpdesk, HttpClient agent, string id, JsonObject before)
    {
        var after = await agent.ThreadAsync(id);
        foreach (var field in new[] { "state", "assignedTo", "postId", "language" })
        {
            after["conversation"]![field]?.ToJsonString().Should().Be(before["conversation"]![field]?.ToJsonString(), field);
        }

        after["conversation"]!["tags"]!.AsArray().Should().BeEmpty();
        after["messages"]!.AsArray().Count.Should().Be(before["messages"]!.AsArray().Count);
        helpdesk.Graph.Received.Should().BeEmpty();
        var files = helpdesk.Storage.Blobs.GetBlobContainerClient(helpdesk.Storage.Names.Attachments).GetBlobsAsync();
        (await files.ToListAsync()).Should().BeEmpty();
    }
}
