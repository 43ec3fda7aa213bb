using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>What an agent sends is bounded field by field (400 problem, nothing stored or sent), never a 500.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InputLimitsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("messenger reply", nameof(ChannelKind.Messenger))]
    [InlineData("whatsapp reply", nameof(ChannelKind.WhatsApp))]
    [InlineData("whatsapp caption", nameof(ChannelKind.WhatsApp))]
    [InlineData("reply id", nameof(ChannelKind.Messenger))]
    [InlineData("note", nameof(ChannelKind.Messenger))]
    [InlineData("tag length", nameof(ChannelKind.Messenger))]
    [InlineData("tag count", nameof(ChannelKind.Messenger))]
    [InlineData("transfer reason", nameof(ChannelKind.Messenger))]
    [InlineData("assignee", nameof(ChannelKind.Messenger))]
    public async Task A_field_over_its_limit_answers_400_and_changes_nothing(string field, string channelName)
    {
        var channel = Enum.Parse<ChannelKind>(channelName);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(channel, channel == ChannelKind.Messenger ? "7300000000000001" : "221770000101", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var attachment = field == "whatsapp caption" ? await UploadAsync(agent, id) : null;
        var before = await agent.ThreadAsync(id);

        using var response = field switch
        {
            "messenger reply" => await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = new string('a', 2001) }),
            "whatsapp reply" => await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = new string('a', 4097) }),
            "whatsapp caption" => await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = new string('a', 1025), attachmentId = attachment }),
            "reply id" => await agent.ChangeAsync(id, "replies", new { replyId = new string('1', 65), text = "Bonjour" }),
            "note" => await agent.ChangeAsync(id, "notes", new { text = new string('n', 8001) }),
            "tag length" => await agent.ChangeAsync(id, "tags", new { tags = new[] { new string('t', 41) } }, HttpMethod.Put),
            "tag count" => await agent.ChangeAsync(id, "tags", new { tags = Enumerable.Range(1, 21).Select(i => $"tag{i}").ToArray() }, HttpMethod.Put),
            "transfer reason" => await agent.ChangeAsync(id, "transfer", new { postId = "kinshasa", reason = new string('r', 501) }),
            "assignee" => await agent.ChangeAsync(id, "assign", new { agentId = new string('x', 257) }),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("at most");
        var after = await agent.ThreadAsync(id);
        after["messages"]!.AsArray().Count.Should().Be(before["messages"]!.AsArray().Count);
        after["conversation"]!["tags"]!.AsArray().Should().BeEmpty();
        after["conversation"]!["postId"]!.GetValue<string>().Should().Be("dakar");
        after["conversation"]!["assignedTo"].Should().BeNull();
        helpdesk.Graph.Received.Should().BeEmpty();
    }

    [Theory]
    [InlineData(nameof(ChannelKind.Messenger), 2000)]
    [InlineData(nameof(ChannelKind.WhatsApp), 4096)]
    public async Task A_reply_of_exactly_the_channels_limit_is_sent(string channelName, int length)
    {
        var channel = Enum.Parse<ChannelKind>(channelName);
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(channel, channel == ChannelKind.Messenger ? "7300000000000002" : "221770000102", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        using var reply = await agent.ChangeAsync(id, "replies", new { replyId = Guid.NewGuid(), text = new string('a', length) });

        reply.StatusCode.Should().Be(HttpStatusCode.Accepted);
        await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(helpdesk.Graph.Received), r => r.Count == 1);
        helpdesk.Graph.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task An_over_large_json_body_answers_413_whether_or_not_it_announces_its_length()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000003", "Je suis à Dakar", "dakar");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var note = Encoding.UTF8.GetBytes($$"""{"text":"{{new string('n', 100 * 1024)}}"}""");

        using var announced = await agent.ChangeAsync(id, "notes", adjust: r => r.Content = Json(new ByteArrayContent(note)));
        using var chunked = await agent.ChangeAsync(id, "notes", adjust: r =>
        {
            r.Content = Json(new StreamContent(new MemoryStream(note)));
            r.Headers.TransferEncodingChunked = true;
        });

        announced.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await announced.Content.ReadAsStringAsync()).Should().Contain("64 KiB");
        chunked.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await agent.ThreadAsync(id))["messages"]!.AsArray().Should().NotContain(m => m!["direction"]!.GetValue<string>() == "note");
    }

    [Fact]
    public async Task The_page_learns_the_limits_from_me()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var agent = await helpdesk.SignInAsync("dakar-agent");

        var limits = (await agent.GetFromJsonAsync<JsonObject>("api/triage/me"))!["limits"]!;

        limits["reply"]!["WhatsApp"]!.GetValue<int>().Should().Be(4096);
        limits["reply"]!["Messenger"]!.GetValue<int>().Should().Be(2000);
        limits["caption"]!.GetValue<int>().Should().Be(1024);
        limits["note"]!.GetValue<int>().Should().Be(8000);
        limits["tag"]!.GetValue<int>().Should().Be(40);
        limits["tags"]!.GetValue<int>().Should().Be(20);
        limits["transferReason"]!.GetValue<int>().Should().Be(500);
    }

    private static HttpContent Json(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<string> UploadAsync(HttpClient agent, string id)
    {
        using var response = await agent.UploadFileAsync(id, "plan.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
