using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Webhooks;

[Collection(AzuriteCollection.Name)]
public sealed class WebhookRejectionTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> PumpOff = new() { ["Queue:Enabled"] = "false" };

    [Theory]
    [InlineData("whatsapp", null)]
    [InlineData("whatsapp", "sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("messenger", "sha1=abc")]
    [InlineData("messenger", "signed with another secret")]
    public async Task Missing_or_wrong_signature_is_401_and_nothing_is_queued(string channel, string? signature)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, PumpOff);
        var body = Encoding.UTF8.GetBytes(CitizenPayloads.Messenger("7000000000000002", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("hi")));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/webhooks/{channel}") { Content = new ByteArrayContent(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature == "signed with another secret" ? WebhookSignature.Sign(body, "another-secret") : signature);
        }

        using var response = await helpdesk.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await QueueLengthAsync(helpdesk)).Should().Be(0);
    }

    [Fact]
    public async Task A_3_MB_body_is_accepted_through_a_claim_check_blob_and_processed()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        var message = CitizenPayloads.WhatsAppText("Long batch");
        var body = CitizenPayloads.WhatsApp("32470000003", "Big", DateTimeOffset.UtcNow, message);
        // Meta's batches reach 3 MB; pad with a field the parser ignores.
        body = body[..^1] + ",\"padding\":\"" + new string('x', 3_000_000) + "\"}";

        using var response = await helpdesk.PostAsync(ChannelKind.WhatsApp, body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var messages = await HelpdeskInstance.EventuallyAsync(helpdesk.MessagesAsync, m => m.Count == 1);
        messages.Should().ContainSingle().Which.GetString("Text").Should().Be("Long batch");
        var blobs = helpdesk.Storage.Blobs.GetBlobContainerClient(helpdesk.Storage.Names.PayloadContainer).GetBlobsAsync();
        var sizes = new List<long>();
        await foreach (var blob in blobs)
        {
            sizes.Add(blob.Properties.ContentLength ?? 0);
        }

        sizes.Should().ContainSingle().Which.Should().Be(Encoding.UTF8.GetByteCount(body));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_4_MiB_is_413_with_or_without_content_length(bool withContentLength)
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, PumpOff);
        var body = new byte[5 * 1024 * 1024];
        body.AsSpan().Fill((byte)' ');
        HttpContent content = withContentLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/whatsapp") { Content = content };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(body, HelpdeskInstance.AppSecret));
        if (!withContentLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await helpdesk.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await QueueLengthAsync(helpdesk)).Should().Be(0);
    }

    [Fact]
    public async Task Malformed_json_with_a_valid_signature_is_kept_in_the_poison_queue()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        const string body = "{\"object\":\"page\",\"entry\":[{\"id\":";

        using var response = await helpdesk.PostAsync(ChannelKind.Messenger, body);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var poison = helpdesk.Storage.Queue(helpdesk.Storage.Names.InboundQueue + "-poison");
        var peeked = await HelpdeskInstance.EventuallyAsync(async () => (await poison.PeekMessagesAsync(10)).Value, m => m.Length > 0);
        peeked.Should().ContainSingle();
        var (envelope, kept) = await helpdesk.Services.GetRequiredService<InboundQueue>().ReadAsync(peeked[0].MessageText, CancellationToken.None);
        envelope.Channel.Should().Be(ChannelKind.Messenger);
        Encoding.UTF8.GetString(kept).Should().Be(body);
        (await helpdesk.MessagesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Handshake_echoes_the_challenge_only_for_the_verify_token()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, PumpOff);

        using var good = await helpdesk.Http.GetAsync($"api/webhooks/messenger?hub.mode=subscribe&hub.verify_token={HelpdeskInstance.VerifyToken}&hub.challenge=1158201444");
        using var bad = await helpdesk.Http.GetAsync("api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444");

        good.StatusCode.Should().Be(HttpStatusCode.OK);
        good.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        (await good.Content.ReadAsStringAsync()).Should().Be("1158201444");
        bad.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static async Task<int> QueueLengthAsync(HelpdeskInstance helpdesk) =>
        (await helpdesk.Storage.Queue(helpdesk.Storage.Names.InboundQueue).PeekMessagesAsync(32)).Value.Length;

    /// <summary>A stream that does not tell its length, so that HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
