using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Media;

/// <summary>
/// A citizen's files go from the webhook through the media queue into Blob Storage (the fake Graph API serving Meta's
/// side), and an agent of the conversation's post reads them through the triage API; another post's agent cannot.
/// What fails its checks ends as failed with the reason, and nothing of it is readable.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MediaDownloadTests(AzuriteFixture azurite)
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_whatsapp_photo_voice_note_document_and_sticker_are_stored_and_an_agent_of_the_post_reads_each_one()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        helpdesk.Graph.AddMedia("700000000000004", new FakeMedia(Pdf, "application/pdf"));
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000101", "Bom dia, estou em Lisboa", "lisbon");
        var at = DateTimeOffset.UtcNow;

        await PostWhatsAppAsync(helpdesk, "351910000101", at.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg", caption: "Police report"));
        await PostWhatsAppAsync(helpdesk, "351910000101", at.AddSeconds(2), CitizenPayloads.WhatsAppMedia("audio", DemoMedia.VoiceNoteId, "audio/ogg; codecs=opus", voice: true));
        await PostWhatsAppAsync(helpdesk, "351910000101", at.AddSeconds(3), CitizenPayloads.WhatsAppMedia("document", "700000000000004", "application/pdf", fileName: "Hospital bill (Lisbon).pdf"));
        await PostWhatsAppAsync(helpdesk, "351910000101", at.AddSeconds(4), CitizenPayloads.WhatsAppMedia("sticker", DemoMedia.StickerId, "image/webp"));

        var media = await SettledAsync(helpdesk, id, 4);
        media.Select(m => (m["kind"]!.GetValue<string>(), m["state"]!.GetValue<string>(), m["contentType"]!.GetValue<string>())).Should().Equal(
            ("image", "available", "image/jpeg"), ("audio", "available", "audio/ogg"), ("document", "available", "application/pdf"), ("sticker", "available", "image/webp"));
        media.Select(m => m["size"]!.GetValue<long>()).Should().Equal(DemoMedia.Photo.Length, DemoMedia.VoiceNote.Length, Pdf.Length, DemoMedia.Sticker.Length);
        media[2]["name"]!.GetValue<string>().Should().Be("Hospital bill _Lisbon_.pdf");
        helpdesk.Graph.MediaRequests.Should().OnlyContain(r => r.Authorization == "Bearer test-whatsapp-token", "WhatsApp media is fetched with the account's token");

        // In Blob Storage, under the conversation and a hash: no phone number, message id or file name.
        var blobs = await BlobsAsync(helpdesk);
        blobs.Should().HaveCount(4).And.OnlyContain(b => b.StartsWith(id + "/", StringComparison.Ordinal) && b.Length == id.Length + 33);

        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        using var photo = await agent.GetAsync(Url(media[0]));
        photo.StatusCode.Should().Be(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        photo.Headers.CacheControl!.Private.Should().BeTrue();
        photo.Headers.CacheControl.Public.Should().BeFalse();
        photo.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        (await photo.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.Photo);

        using var document = await agent.GetAsync(Url(media[2]));
        document.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        document.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        document.Content.Headers.ContentDisposition.FileNameStar.Should().Be("Hospital bill _Lisbon_.pdf");
        (await document.Content.ReadAsByteArrayAsync()).Should().Equal(Pdf);

        using var sticker = await agent.GetAsync(Url(media[3]));
        (await sticker.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.Sticker);

        // A player asks for ranges: the voice note plays (from its first byte) and seeks.
        using var start = new HttpRequestMessage(HttpMethod.Get, Url(media[1]));
        start.Headers.Range = new RangeHeaderValue(0, null);
        using var playing = await agent.SendAsync(start);
        playing.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await playing.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.VoiceNote);
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(media[1]));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await agent.SendAsync(request);
        part.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        part.Content.Headers.ContentType!.MediaType.Should().Be("audio/ogg");
        part.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 100-199/{DemoMedia.VoiceNote.Length}");
        (await part.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.VoiceNote[100..200]);

        // Another post's agent: the same answer as for a conversation that does not exist.
        using var other = await helpdesk.SignInAsync("dakar-agent");
        foreach (var item in media)
        {
            using var refused = await other.GetAsync(Url(item));
            refused.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        // The thread never shows Meta's ids or addresses.
        var thread = (await agent.ThreadAsync(id)).ToJsonString();
        thread.Should().NotContain(DemoMedia.PhotoId).And.NotContain(helpdesk.Graph.BaseUrl.Authority);
        var audited = await QueueDrain.RowsAsync(helpdesk.Table(n => n.Audit));
        audited.Count(r => r.GetString("Action") == "media.open").Should().Be(4, "each opening is audited; the player's seek from byte 100 is not another opening");
    }

    [Fact]
    public async Task A_whatsapp_video_is_stored_and_an_agent_of_the_post_plays_it_from_any_byte()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        helpdesk.Graph.AddMedia("700000000000005", new FakeMedia(SampleVideo.Mp4, "video/mp4"));
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000105", "Bom dia, estou em Lisboa", "lisbon");

        await PostWhatsAppAsync(helpdesk, "351910000105", DateTimeOffset.UtcNow.AddSeconds(1), CitizenPayloads.WhatsAppMedia("video", "700000000000005", "video/mp4", caption: "The flood in our street"));

        var video = (await SettledAsync(helpdesk, id, 1)).Single();
        (video["kind"]!.GetValue<string>(), video["state"]!.GetValue<string>(), video["contentType"]!.GetValue<string>(), video["size"]!.GetValue<long>())
            .Should().Be(("video", "available", "video/mp4", SampleVideo.Mp4.Length));
        (await BlobsAsync(helpdesk)).Should().ContainSingle();

        // The player asks for a range: 206 with the bytes asked for, of the file's whole length, played inline.
        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(video));
        request.Headers.Range = new RangeHeaderValue(100, 299);
        using var part = await agent.SendAsync(request);
        part.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        part.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");
        part.Content.Headers.ContentDisposition!.DispositionType.Should().Be("inline");
        part.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 100-299/{SampleVideo.Mp4.Length}");
        (await part.Content.ReadAsByteArrayAsync()).Should().Equal(SampleVideo.Mp4[100..300]);
        using var other = await helpdesk.SignInAsync("dakar-agent");
        (await other.GetAsync(Url(video))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_messenger_photo_is_copied_from_its_cdn_link_and_an_agent_of_the_post_reads_it()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000101", "Bonjour, je suis à Dakar", "dakar");
        helpdesk.Graph.AddMedia("scontent-photo.jpg", new FakeMedia(DemoMedia.Photo, "image/jpeg"));

        await PostMessengerAsync(helpdesk, "7300000000000101", CitizenPayloads.MessengerAttachment("image", helpdesk.Graph.CdnUrl("scontent-photo.jpg")));

        var media = (await SettledAsync(helpdesk, id, 1)).Single();
        (media["state"]!.GetValue<string>(), media["contentType"]!.GetValue<string>()).Should().Be(("available", "image/jpeg"));
        helpdesk.Graph.MediaRequests.Should().ContainSingle().Which.Authorization.Should().BeEmpty("a CDN link is fetched without any token");
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        (await agent.GetByteArrayAsync(Url(media))).Should().Equal(DemoMedia.Photo);
        using var other = await helpdesk.SignInAsync("lisbon-agent");
        (await other.GetAsync(Url(media))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_checksum_an_oversized_file_a_type_not_allowed_and_an_address_not_of_meta_end_as_failed_with_the_reason_and_nothing_readable()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        helpdesk.Graph.AddMedia("700000000000011", new FakeMedia(DemoMedia.Photo, "image/jpeg", Sha256: Convert.ToHexStringLower(SHA256.HashData("another file"u8))));
        helpdesk.Graph.AddMedia("700000000000012", new FakeMedia(DemoMedia.Photo, "image/jpeg", FileSize: 6 * 1024 * 1024));
        var bigSticker = new byte[600 * 1024];
        DemoMedia.Sticker.CopyTo(bigSticker, 0);
        helpdesk.Graph.AddMedia("700000000000013", new FakeMedia(bigSticker, "image/webp", FileSize: DemoMedia.Sticker.Length));
        helpdesk.Graph.AddMedia("700000000000014", new FakeMedia(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "image/jpeg"));
        helpdesk.Graph.AddMedia("700000000000015", new FakeMedia(Encoding.UTF8.GetBytes("MZ\u0090\0 This program cannot be run in DOS mode."), "application/pdf"));
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000102", "Bom dia, estou em Lisboa", "lisbon");
        var at = DateTimeOffset.UtcNow;

        await PostWhatsAppAsync(helpdesk, "351910000102", at.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", "700000000000011", "image/jpeg"));
        await PostWhatsAppAsync(helpdesk, "351910000102", at.AddSeconds(2), CitizenPayloads.WhatsAppMedia("image", "700000000000012", "image/jpeg"));
        await PostWhatsAppAsync(helpdesk, "351910000102", at.AddSeconds(3), CitizenPayloads.WhatsAppMedia("sticker", "700000000000013", "image/webp"));
        await PostWhatsAppAsync(helpdesk, "351910000102", at.AddSeconds(4), CitizenPayloads.WhatsAppMedia("image", "700000000000014", "image/jpeg"));
        await PostWhatsAppAsync(helpdesk, "351910000102", at.AddSeconds(5), CitizenPayloads.WhatsAppMedia("document", "700000000000015", "application/pdf", fileName: "form.pdf"));
        await PostWhatsAppAsync(helpdesk, "351910000102", at.AddSeconds(6), CitizenPayloads.WhatsAppMedia("image", "700000000000099", "image/jpeg"));

        var media = await SettledAsync(helpdesk, id, 6);
        media.Select(m => (m["state"]!.GetValue<string>(), m["reason"]?.GetValue<string>())).Should().Equal(
            ("failed", "checksumMismatch"), ("failed", "tooLarge"), ("failed", "tooLarge"), ("failed", "typeNotAllowed"), ("failed", "typeNotAllowed"), ("failed", "expired"));
        media.Should().OnlyContain(m => m["url"] == null && m["contentType"] == null);
        helpdesk.Graph.MediaRequests.Should().NotContain(r => r.Path == "media/700000000000012", "a declared size over the limit is not downloaded");
        (await BlobsAsync(helpdesk)).Should().BeEmpty("bytes that fail a check are never committed");

        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        var row = (await helpdesk.MessagesAsync()).First(m => m.PartitionKey == id && m.GetString("Media") is not null);
        using var refused = await agent.GetAsync($"api/triage/conversations/{id}/media/{row.RowKey}/0");
        refused.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_messenger_link_to_a_host_that_is_not_metas_is_never_fetched()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7300000000000102", "Bonjour, je suis à Dakar", "dakar");

        await PostMessengerAsync(helpdesk, "7300000000000102", CitizenPayloads.MessengerAttachment("image", new Uri("http://169.254.169.254/metadata/identity/oauth2/token")));
        await PostMessengerAsync(helpdesk, "7300000000000102", CitizenPayloads.MessengerAttachment("file", new Uri("https://evil.example/fbcdn.net/x.pdf")));

        var media = await SettledAsync(helpdesk, id, 2);
        media.Should().OnlyContain(m => m["state"]!.GetValue<string>() == "failed" && m["reason"]!.GetValue<string>() == "unsafeAddress");
        helpdesk.Graph.MediaRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_graph_api_failing_twice_with_429_and_500_is_retried_and_the_photo_arrives_once()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000103", "Bom dia, estou em Lisboa", "lisbon");
        helpdesk.Graph.FailMediaNext(429, 500);
        var body = CitizenPayloads.WhatsApp("351910000103", "Rita", DateTimeOffset.UtcNow.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg"));

        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);

        var media = (await SettledAsync(helpdesk, id, 1)).Single();
        media["state"]!.GetValue<string>().Should().Be("available");
        helpdesk.Graph.MediaRequests.Select(r => (r.Path, r.Status)).Should().Equal(
            ($"v21.0/{DemoMedia.PhotoId}", 429), ($"v21.0/{DemoMedia.PhotoId}", 500), ($"v21.0/{DemoMedia.PhotoId}", 200), ($"media/{DemoMedia.PhotoId}", 200));

        // Meta delivers the message again: it is not downloaded a second time.
        (await helpdesk.PostAsync(ChannelKind.WhatsApp, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        helpdesk.Graph.MediaRequests.Should().HaveCount(4);
        (await BlobsAsync(helpdesk)).Should().ContainSingle();
    }

    [Fact]
    public async Task The_webhook_is_answered_and_the_message_shown_as_loading_while_meta_holds_the_file()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000104", "Bom dia, estou em Lisboa", "lisbon");
        var hold = helpdesk.Graph.HoldMedia();
        using var agent = await helpdesk.SignInAsync("lisbon-agent");

        var answer = await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("351910000104", "Rita", DateTimeOffset.UtcNow.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg", caption: "Police report")));

        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var loading = await HelpdeskInstance.EventuallyAsync(
            async () => MediaOf(await agent.ThreadAsync(id)),
            m => m.Count == 1 && helpdesk.Graph.MediaRequests.Any(r => r.Path.StartsWith("media/", StringComparison.Ordinal)));
        loading.Should().ContainSingle().Which["state"]!.GetValue<string>().Should().Be("loading", "the message is in the thread while its file is still on its way");
        helpdesk.Graph.MediaRequests.Should().Contain(r => r.Path == $"media/{DemoMedia.PhotoId}", "the download is under way, held by Meta");

        hold.SetResult();
        (await SettledAsync(helpdesk, id, 1)).Single()["state"]!.GetValue<string>().Should().Be("available");
    }

    [Fact]
    public async Task A_download_cut_off_midway_is_tried_again_after_a_delay_and_arrives_whole()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000105", "Bom dia, estou em Lisboa", "lisbon");
        helpdesk.Graph.CutNextDownload(DemoMedia.PhotoId, 1000);

        await PostWhatsAppAsync(helpdesk, "351910000105", DateTimeOffset.UtcNow.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg"));

        var media = (await SettledAsync(helpdesk, id, 1)).Single();
        media["state"]!.GetValue<string>().Should().Be("available", "the cut-off attempt was counted and the job queued again");
        helpdesk.Graph.MediaRequests.Count(r => r.Path == $"media/{DemoMedia.PhotoId}").Should().Be(2, "the cut-off download and the one that went through");
        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        using var file = await agent.GetAsync(Url(media));
        (await file.Content.ReadAsByteArrayAsync()).Should().Equal(DemoMedia.Photo);
        file.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        file.Headers.GetValues("Content-Security-Policy").Single().Should().EndWith("; sandbox", "a file opened by its address runs nothing");
    }

    [Fact]
    public async Task Meta_failing_through_every_attempt_ends_as_unavailable_after_the_last_attempt_and_not_loading_for_ever()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString, new Dictionary<string, string?> { ["Media:MaxAttempts"] = "3", ["GraphApi:MaxRetries"] = "1" }, development: true);
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000106", "Bom dia, estou em Lisboa", "lisbon");
        helpdesk.Graph.FailMediaNext([.. Enumerable.Repeat(503, 6)]);

        await PostWhatsAppAsync(helpdesk, "351910000106", DateTimeOffset.UtcNow.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg"));

        var media = (await SettledAsync(helpdesk, id, 1)).Single();
        (media["state"]!.GetValue<string>(), media["reason"]!.GetValue<string>()).Should().Be(("failed", "unavailable"));
        helpdesk.Graph.MediaRequests.Should().HaveCount(6, "three attempts of a request and its one HTTP retry each")
            .And.OnlyContain(r => r.Status == 503);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue("nothing is left to try and nothing went to the poison queue");
        (await BlobsAsync(helpdesk)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_redirect_within_metas_hosts_is_followed_one_to_any_other_host_is_refused_and_a_size_that_differs_fails()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        helpdesk.Graph.AddMedia("photo-on-cdn", new FakeMedia(DemoMedia.Photo, "image/jpeg"));
        helpdesk.Graph.AddMedia("700000000000021", new FakeMedia(DemoMedia.Photo, "image/jpeg", RedirectTo: helpdesk.Graph.CdnUrl("photo-on-cdn")));
        helpdesk.Graph.AddMedia("700000000000022", new FakeMedia(DemoMedia.Photo, "image/jpeg", RedirectTo: new Uri("http://169.254.169.254/latest/meta-data/")));
        helpdesk.Graph.AddMedia("700000000000023", new FakeMedia(DemoMedia.Photo, "image/jpeg", FileSize: DemoMedia.Photo.Length + 1));
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000107", "Bom dia, estou em Lisboa", "lisbon");
        var at = DateTimeOffset.UtcNow;

        await PostWhatsAppAsync(helpdesk, "351910000107", at.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", "700000000000021", "image/jpeg"));
        await PostWhatsAppAsync(helpdesk, "351910000107", at.AddSeconds(2), CitizenPayloads.WhatsAppMedia("image", "700000000000022", "image/jpeg"));
        await PostWhatsAppAsync(helpdesk, "351910000107", at.AddSeconds(3), CitizenPayloads.WhatsAppMedia("image", "700000000000023", "image/jpeg"));

        var media = await SettledAsync(helpdesk, id, 3);
        media.Select(m => (m["state"]!.GetValue<string>(), m["reason"]?.GetValue<string>())).Should().Equal(
            ("available", null), ("failed", "unsafeAddress"), ("failed", "sizeMismatch"));
        helpdesk.Graph.MediaRequests.Should().ContainSingle(r => r.Path == "cdn/photo-on-cdn", "the redirect within the allowed hosts was followed once");
        (await BlobsAsync(helpdesk)).Should().ContainSingle("only the file that passed every check");
    }

    private static Task PostWhatsAppAsync(HelpdeskInstance helpdesk, string waId, DateTimeOffset at, JsonObject message) =>
        PostOkAsync(helpdesk, ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(waId, "Rita", at, message));

    private static Task PostMessengerAsync(HelpdeskInstance helpdesk, string psid, JsonObject item) =>
        PostOkAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger(psid, DateTimeOffset.UtcNow, item));

    private static async Task PostOkAsync(HelpdeskInstance helpdesk, ChannelKind channel, string body)
    {
        using var response = await helpdesk.PostAsync(channel, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The files of the thread's messages, once <paramref name="count"/> of them are no longer loading (as the thread shows them, through an administrator).</summary>
    private static async Task<List<JsonObject>> SettledAsync(HelpdeskInstance helpdesk, string conversationId, int count)
    {
        using var admin = await helpdesk.SignInAsync("admin");
        var media = await HelpdeskInstance.EventuallyAsync(
            async () => MediaOf(await admin.ThreadAsync(conversationId)),
            m => m.Count(i => i["state"]!.GetValue<string>() != "loading") >= count,
            TimeSpan.FromSeconds(30));
        media.Should().HaveCount(count);
        return media;
    }

    private static List<JsonObject> MediaOf(JsonObject thread) =>
        [.. thread["messages"]!.AsArray().SelectMany(m => m!["media"]?.AsArray() ?? []).Select(i => i!.AsObject())];

    private static string Url(JsonObject item) => item["url"]!.GetValue<string>().TrimStart('/');

    private static async Task<List<string>> BlobsAsync(HelpdeskInstance helpdesk)
    {
        var names = new List<string>();
        await foreach (var blob in helpdesk.Storage.Blobs.GetBlobContainerClient(helpdesk.Storage.Names.MediaContainer).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
