using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Replies;

public sealed class GraphApiClientTests
{
    private static readonly PostCatalog Catalog = PostCatalog.LoadEmbedded();

    [Theory]
    [InlineData(nameof(ChannelKind.Messenger), "200000000000001", null)] // the central desk's page
    [InlineData(nameof(ChannelKind.Messenger), "200000000000002", null)] // another post's page
    [InlineData(nameof(ChannelKind.WhatsApp), "100000000000001", "100000000000001")] // a phone number id of ours
    [InlineData(nameof(ChannelKind.WhatsApp), "32470000001", "100000000000003")] // a citizen id, but a number of ours to send to
    [InlineData(nameof(ChannelKind.WhatsApp), "102290129340398", null)] // the business account
    public async Task Nothing_is_ever_sent_to_one_of_our_own_ids(string channel, string recipient, string? phone)
    {
        var (client, handler) = Client();

        var result = await client.SendAsync(Message(Enum.Parse<ChannelKind>(channel), recipient, phone), null, CancellationToken.None);

        result.Sent.Should().BeFalse();
        result.Retryable.Should().BeFalse();
        result.Error.Should().Contain("own");
        handler.Requests.Should().Be(0);
    }

    [Fact]
    public async Task A_citizen_is_sent_to()
    {
        var (client, handler) = Client();

        var result = await client.SendAsync(Message(ChannelKind.Messenger, "7000000000000001", null), null, CancellationToken.None);

        result.Sent.Should().BeTrue();
        handler.Requests.Should().Be(1);
    }

    private static OutboundMessage Message(ChannelKind channel, string recipient, string? phone) => new(
        "reply-1",
        "c1",
        "msg-1",
        channel,
        channel == ChannelKind.WhatsApp ? "100000000000001" : "200000000000001",
        recipient,
        phone,
        "Hello",
        []);

    private static (GraphApiClient Client, CountingHandler Handler) Client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WhatsApp:AccessToken"] = "token",
            ["Messenger:PageAccessToken"] = "token",
            ["WhatsApp:BusinessAccountId"] = "102290129340398",
        }).Build();
        var handler = new CountingHandler();
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://graph.invalid/v21.0/") };
        return (new GraphApiClient(http, configuration, new OwnAccounts(Catalog, configuration)), handler);
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"recipient_id":"7000000000000001","message_id":"m_1","messages":[{"id":"wamid.1"}]}""", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
