using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Webhooks;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookIngestTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Signed_whatsapp_text_becomes_a_conversation_thread()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);

        using var response = await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("32470000001", "An", Now, CitizenPayloads.WhatsAppText("My passport was stolen")));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        var message = messages.Should().ContainSingle().Subject;
        message.GetString("Text").Should().Be("My passport was stolen");
        message.GetString("Direction").Should().Be("in");
        var header = (await helpdesk.ConversationRowsAsync()).Should().ContainSingle(r => r.RowKey == "thread").Subject;
        header.GetString("PostId").Should().Be("central", "nothing tells where the citizen is, and +32 says nothing");
        header.GetInt32("UnreadCount").Should().Be(1);
    }

    [Fact]
    public async Task The_same_post_twice_stores_one_message()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var body = CitizenPayloads.Messenger("7000000000000009", Now, CitizenPayloads.MessengerText("Aidez-moi"));

        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await helpdesk.PostAsync(ChannelKind.Messenger, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = CitizenPayloads.Messenger("7000000000000009", Now.AddSeconds(5), CitizenPayloads.MessengerText("Merci"));
        (await helpdesk.PostAsync(ChannelKind.Messenger, second)).StatusCode.Should().Be(HttpStatusCode.OK);

        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count >= 2);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("the queues empty: processing has finished");
        messages = await helpdesk.MessagesAsync();
        messages.Select(m => m.GetString("Text")).Should().Equal("Aidez-moi", "Merci");
    }
}
