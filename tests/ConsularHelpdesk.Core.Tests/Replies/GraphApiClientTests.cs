using System.Net;
using System.Net.Http.Json;
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

    [Fact]
    public async Task A_template_carries_the_text_as_its_body_parameter()
    {
        var (client, handler) = Client();
        var message = Message(ChannelKind.WhatsApp, "32470000009", "32470000009") with
        {
            WhatsAppTemplate = "crisis_update",
            TemplateLanguage = "nl",
            TemplateParameter = "Blijf binnen.",
            Broadcast = "b0|r-x",
        };

        await client.SendAsync(message, null, CancellationToken.None);

        var body = handler.Bodies.Should().ContainSingle().Subject;
        body["type"]!.GetValue<string>().Should().Be("template");
        body["to"]!.GetValue<string>().Should().Be("32470000009");
        var template = body["template"]!;
        template["name"]!.GetValue<string>().Should().Be("crisis_update");
        template["language"]!["code"]!.GetValue<string>().Should().Be("nl");
        var parameter = template["components"]![0]!;
        parameter["type"]!.GetValue<string>().Should().Be("body");
        parameter["parameters"]![0]!["type"]!.GetValue<string>().Should().Be("text");
        parameter["parameters"]![0]!["text"]!.GetValue<string>().Should().Be("Blijf binnen.");
    }

    [Theory]
    [InlineData("HUMAN_AGENT", null, "MESSAGE_TAG")]
    [InlineData(null, "b0|r-x", "UPDATE")] // a broadcast inside 24 hours answers nothing
    [InlineData(null, null, "RESPONSE")]
    public async Task A_messenger_message_says_what_kind_of_message_it_is(string? tag, string? broadcast, string type)
    {
        var (client, handler) = Client();

        await client.SendAsync(Message(ChannelKind.Messenger, "7000000000000001", null) with { MessengerTag = tag, Broadcast = broadcast }, null, CancellationToken.None);

        var body = handler.Bodies.Should().ContainSingle().Subject;
        body["messaging_type"]!.GetValue<string>().Should().Be(type);
        body["recipient"]!["id"]!.GetValue<string>().Should().Be("7000000000000001");
        body["message"]!["text"]!.GetValue<string>().Should().Be("Hello");
        if (tag is null)
        {
            body["tag"].Should().BeNull();
        }
        else
        {
            body["tag"]!.GetValue<string>().Should().Be(tag);
        }
    }

    [Fact]
    public async Task Four_choices_on_whatsapp_go_as_a_list_behind_one_button()
    {
        var (client, handler) = Client();
        QuickReply[] languages = [new("LANG:nl", "Nederlands"), new("LANG:fr", "Français"), new("LANG:de", "Deutsch"), new("LANG:en", "English")];

        await client.SendAsync(Message(ChannelKind.WhatsApp, "32470000009", "32470000009") with { QuickReplies = languages, ChoicesLabel = "Kiezen / Choisir" }, null, CancellationToken.None);

        var interactive = handler.Bodies.Should().ContainSingle().Subject["interactive"]!;
        interactive["type"]!.GetValue<string>().Should().Be("list");
        interactive["body"]!["text"]!.GetValue<string>().Should().Be("Hello");
        interactive["action"]!["button"]!.GetValue<string>().Should().Be("Kiezen / Choisir");
        interactive["action"]!["sections"]![0]!["rows"]!.AsArray().Select(r => (r!["id"]!.GetValue<string>(), r["title"]!.GetValue<string>()))
            .Should().Equal(("LANG:nl", "Nederlands"), ("LANG:fr", "Français"), ("LANG:de", "Deutsch"), ("LANG:en", "English"));
    }

    [Fact]
    public async Task Four_choices_on_messenger_go_as_four_quick_replies()
    {
        var (client, handler) = Client();
        QuickReply[] languages = [new("LANG:nl", "Nederlands"), new("LANG:fr", "Français"), new("LANG:de", "Deutsch"), new("LANG:en", "English")];

        await client.SendAsync(Message(ChannelKind.Messenger, "7000000000000001", null) with { QuickReplies = languages }, null, CancellationToken.None);

        handler.Bodies.Should().ContainSingle().Subject["message"]!["quick_replies"]!.AsArray().Select(q => q!["payload"]!.GetValue<string>())
            .Should().Equal("LANG:nl", "LANG:fr", "LANG:de", "LANG:en");
    }

    [Fact]
    public async Task A_whatsapp_text_too_long_for_an_interactive_body_goes_as_text()
    {
        var (client, handler) = Client();
        var text = new string('a', 1025);

        await client.SendAsync(Message(ChannelKind.WhatsApp, "32470000009", "32470000009") with { Text = text, QuickReplies = [new("LANG:nl", "Nederlands")] }, null, CancellationToken.None);

        var body = handler.Bodies.Should().ContainSingle().Subject;
        body["type"]!.GetValue<string>().Should().Be("text");
        body["text"]!["body"]!.GetValue<string>().Should().Be(text);
    }

    [Fact]
    public async Task A_messenger_answer_whose_reply_to_meta_refuses_is_sent_again_without_the_quote()
    {
        var (client, handler) = Client();
        handler.Refusals.Enqueue("(#100) Param reply_to is not a valid parameter");

        var result = await client.SendAsync(Message(ChannelKind.Messenger, "7000000000000001", null) with { ReplyToMessageId = "m_citizen" }, null, CancellationToken.None);

        result.Sent.Should().BeTrue("the quote is no reason to lose the answer");
        handler.Bodies.Select(b => b["reply_to"]?["mid"]?.GetValue<string>()).Should().Equal("m_citizen", null);
        handler.Bodies[1]["message"]!["text"]!.GetValue<string>().Should().Be("Hello");
    }

    [Theory]
    [InlineData("(#100) Param recipient[id] must be a valid ID string", "m_citizen")] // another parameter refused
    [InlineData("(#100) Param reply_to is not a valid parameter", null)] // no quote was sent
    public async Task Any_other_refusal_is_not_sent_again(string error, string? replyTo)
    {
        var (client, handler) = Client();
        handler.Refusals.Enqueue(error);

        var result = await client.SendAsync(Message(ChannelKind.Messenger, "7000000000000001", null) with { ReplyToMessageId = replyTo }, null, CancellationToken.None);

        result.Sent.Should().BeFalse();
        result.StatusCode.Should().Be(400);
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

        public List<System.Text.Json.Nodes.JsonNode> Bodies { get; } = [];

        /// <summary>Meta's error messages for the next sends, refused with 400 in turn.</summary>
        public Queue<string> Refusals { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            Bodies.Add(System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!);
            if (Refusals.TryDequeue(out var refusal))
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest)
                {
                    Content = JsonContent.Create(new { error = new { message = refusal, type = "OAuthException", code = 100 } }),
                };
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"recipient_id":"7000000000000001","message_id":"m_1","messages":[{"id":"wamid.1"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
        }
    }
}
