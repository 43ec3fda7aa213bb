using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConsularHelpdesk.Server.Tests.Browser;

/// <summary>
/// In real Chromium: the agent sees the citizen's photo (loaded, and larger on a click), the voice note's player loads
/// it, the video's player reads it by ranges, and a file that was not allowed says so in the agent's language.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CitizenMediaTests(AzuriteFixture azurite, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const float Patience = 30_000;

    [Fact]
    public async Task The_agent_sees_the_citizens_photo_plays_the_voice_note_and_reads_why_a_file_was_refused()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        helpdesk.Graph.AddMedia("700000000000201", new FakeMedia(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "application/pdf"));
        helpdesk.Graph.AddMedia("700000000000202", new FakeMedia(SampleVideo.Mp4, "video/mp4"));
        var id = await helpdesk.ConversationAsync(ChannelKind.WhatsApp, "351910000201", "Bom dia, estou em Lisboa", "lisbon");
        var at = DateTimeOffset.UtcNow;
        await PostAsync(helpdesk, at.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg", caption: "Police report"));
        await PostAsync(helpdesk, at.AddSeconds(2), CitizenPayloads.WhatsAppMedia("audio", DemoMedia.VoiceNoteId, "audio/ogg; codecs=opus", voice: true));
        await PostAsync(helpdesk, at.AddSeconds(3), CitizenPayloads.WhatsAppMedia("document", "700000000000201", "application/pdf", fileName: "form.pdf"));
        await PostAsync(helpdesk, at.AddSeconds(4), CitizenPayloads.WhatsAppMedia("video", "700000000000202", "video/mp4"));

        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "nl-BE" });
        var page = await context.NewPageAsync();
        var media = new ConcurrentQueue<(string Url, int Status)>();
        page.Response += (_, response) => media.Enqueue((new Uri(response.Url).AbsolutePath, response.Status));
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, "dev/sign-in").ToString());
        await page.ClickAsync("[data-testid=sign-in-lisbon-agent]");
        await page.SelectOptionAsync("[data-testid=language-switch]", "nl");
        await page.GotoAsync(new Uri(helpdesk.BaseAddress, $"#c={id}").ToString());

        // The photo: an image the browser decoded (the poll brings it once the download is done).
        var image = await page.WaitForSelectorAsync("[data-testid=media-image]", new() { Timeout = Patience });
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=media-image]'); return i && i.complete && i.naturalWidth > 0; }", null, new() { Timeout = Patience });
        (await image!.EvaluateAsync<int>("i => i.naturalWidth")).Should().Be(320);
        (await image.GetAttributeAsync("src")).Should().StartWith($"/api/triage/conversations/{id}/media/");

        // The voice note: the player has loaded its metadata (about a second of Ogg Opus).
        await page.WaitForSelectorAsync("[data-testid=media-audio]", new() { Timeout = Patience });
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('[data-testid=media-audio]'); return a && a.readyState >= 1 && a.duration > 0; }", null, new() { Timeout = Patience });
        var duration = await page.EvalOnSelectorAsync<double>("[data-testid=media-audio]", "a => a.duration");
        duration.Should().BeInRange(0.5, 2);

        // The video: a player on the media endpoint, which the browser asks for a range.
        var video = await page.WaitForSelectorAsync("[data-testid=media-video]", new() { Timeout = Patience });
        var source = await video!.GetAttributeAsync("src");
        source.Should().StartWith($"/api/triage/conversations/{id}/media/");
        (await HelpdeskInstance.EventuallyAsync(() => Task.FromResult(media.ToList()), r => r.Contains((source!, 206))))
            .Should().Contain((source!, 206), "the player reads the video by ranges");

        // The refused file says why, in Dutch.
        var refused = await page.WaitForSelectorAsync("[data-testid=media][data-state=failed]", new() { Timeout = Patience });
        (await refused!.InnerTextAsync()).Should().Contain("niet gedownload: type niet toegestaan");

        // A new message re-renders the thread: the players and the photo stay the same elements (a voice note being
        // played goes on, nothing is fetched or audited again).
        var audioSource = await page.EvalOnSelectorAsync<string>("[data-testid=media-audio]", "a => { a.dataset.kept = 'yes'; return a.getAttribute('src'); }");
        var imageSource = await image.GetAttributeAsync("src");
        bool PhotoOrVoiceNote((string Url, int Status) r) => r.Url == audioSource || r.Url == imageSource;
        var requestsBefore = media.Count(PhotoOrVoiceNote);
        await PostAsync(helpdesk, at.AddSeconds(5), CitizenPayloads.WhatsAppText("Hebt u het ontvangen?"));
        await page.WaitForSelectorAsync("text=Hebt u het ontvangen?", new() { Timeout = Patience });
        (await page.EvalOnSelectorAsync<string?>("[data-testid=media-audio]", "a => a.dataset.kept ?? null")).Should().Be("yes", "the same player, not a new one");
        media.Count(PhotoOrVoiceNote).Should().Be(requestsBefore, "neither the photo nor the voice note was asked for again");

        // A click opens the photo larger.
        await image.ClickAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=media-large]'); return i && i.complete && i.naturalWidth > 0; }", null, new() { Timeout = Patience });
        await page.ClickAsync("[data-testid=media-viewer-close]");
        await page.WaitForSelectorAsync("[data-testid=media-viewer]", new() { State = WaitForSelectorState.Detached, Timeout = Patience });
        (await page.QuerySelectorAsync("[data-testid=media-viewer]")).Should().BeNull();
        await context.CloseAsync();
    }

    private static async Task PostAsync(HelpdeskInstance helpdesk, DateTimeOffset at, JsonObject message)
    {
        using var response = await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("351910000201", "Rita", at, message));
        response.EnsureSuccessStatusCode();
    }
}
