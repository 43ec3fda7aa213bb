using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Functions.Media;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Media;

/// <summary>
/// The media path as the Functions host runs it, on Azurite: the inbound queue trigger records a citizen's Messenger
/// photo and queues its download; the media queue trigger copies it from Meta's CDN (a stand-in HTTP handler answers
/// for Meta) into the media container and marks it available; a redelivery downloads nothing again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MediaQueueFunctionTests : FunctionsOnAzurite
{
    private const string Page = "299999999999992";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3, 4, 5, 0xFF, 0xD9];
    private static readonly Uri Cdn = new("https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?oh=1&oe=2");

    private readonly MetaCdn _meta = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHttpClient<MediaFetcher>().ConfigurePrimaryHttpMessageHandler(() => _meta);

    [Fact]
    public async Task A_messenger_photo_recorded_by_the_inbound_trigger_is_copied_by_the_media_trigger_once()
    {
        var storage = Services.GetRequiredService<StorageClients>();
        var inbound = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        var media = new MediaQueueFunction(Services.GetRequiredService<MediaDownloader>());

        await inbound.RunAsync(MessengerPhoto("7700000000000301", "m_photo_7700000000000301"), CancellationToken.None);
        var job = (await storage.Queue(storage.Names.MediaQueue).ReceiveMessagesAsync(32)).Value.Should().ContainSingle("the download is queued, not done by the inbound step").Subject;
        _meta.Requests.Should().Be(0);

        await media.RunAsync(job.Body.ToString(), CancellationToken.None);
        await media.RunAsync(job.Body.ToString(), CancellationToken.None); // the queue delivers it again

        _meta.Requests.Should().Be(1, "what is available is not downloaded again");
        var row = await MessageAsync(storage);
        var item = JsonSerializer.Deserialize(row.GetString("Media"), MediaJsonContext.Default.IReadOnlyListMediaItem)!.Should().ContainSingle().Subject;
        (item.State, item.ContentType, item.Size).Should().Be((MediaStates.Available, "image/jpeg", Jpeg.Length));
        var blob = storage.Blobs.GetBlobContainerClient(storage.Names.MediaContainer).GetBlobClient(item.Blob);
        (await blob.DownloadContentAsync()).Value.Content.ToArray().Should().Equal(Jpeg);
        item.Blob.Should().StartWith(row.PartitionKey + "/").And.NotContain("7700000000000301").And.NotContain("m_photo");
    }

    private static async Task<TableEntity> MessageAsync(StorageClients storage)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Table(storage.Names.Conversations).QueryAsync<TableEntity>("Direction eq 'in'"))
        {
            rows.Add(row);
        }

        return rows.Should().ContainSingle().Subject;
    }

    private static string MessengerPhoto(string psid, string mid) => Messenger(Page, psid, new JsonObject
    {
        ["mid"] = mid,
        ["attachments"] = new JsonArray(new JsonObject { ["type"] = "image", ["payload"] = new JsonObject { ["url"] = Cdn.ToString() } }),
    }).Message;

    /// <summary>Meta's CDN: the photo at its address, a 404 anywhere else; counts what it was asked.</summary>
    private sealed class MetaCdn : HttpMessageHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var response = request.Method == HttpMethod.Get && request.RequestUri == Cdn
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Jpeg) }
                : new HttpResponseMessage(HttpStatusCode.NotFound);
            return Task.FromResult(response);
        }
    }
}
