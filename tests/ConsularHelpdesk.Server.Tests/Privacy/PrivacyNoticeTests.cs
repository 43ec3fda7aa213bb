using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ConsularHelpdesk.Server.Tests.Infrastructure.AutoReplyClock;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// The privacy notice (issue 13, part 1) through the real self-host on Azurite, its clock set to a night when Bangkok is
/// closed (so that the first message gets the acknowledgement), the fake Graph API recording what citizens received.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PrivacyNoticeTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string DutchPage = "https://privacy.example.org/nl/helpdesk";
    private const string EnglishPage = "https://privacy.example.org/en/helpdesk";

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task The_first_automatic_message_carries_the_notice_in_the_citizen_language_with_the_configured_page_and_the_contact_records_when()
    {
        await using var helpdesk = await StartAsync();
        var at = _clock.GetUtcNow();

        await TextAsync(helpdesk, "7600000000000001", "Ik ben in Bangkok en mijn paspoort is gestolen, kunt u mij helpen?");
        await TextAsync(helpdesk, "7600000000000002", "I am in Bangkok and my passport was stolen, can you help me?");

        var dutch = (await MessengerTexts.SentToAsync(helpdesk, "7600000000000001")).Should().ContainSingle().Subject;
        dutch.Should().StartWith("We hebben uw bericht ontvangen.", "the acknowledgement comes first, the notice after it")
            .And.EndWith("Privacy: we gebruiken uw gegevens alleen om u consulaire bijstand te verlenen, en bewaren ze niet langer dan nodig. Meer hierover en over uw rechten: " + DutchPage);
        var english = (await MessengerTexts.SentToAsync(helpdesk, "7600000000000002")).Should().ContainSingle().Subject;
        english.Should().StartWith("We have received your message.").And.EndWith("More about this and your rights: " + EnglishPage);

        var contact = await ContactAsync(helpdesk, "7600000000000001");
        contact.GetDateTimeOffset("PrivacyNoticeAt").Should().BeCloseTo(at, TimeSpan.FromSeconds(5), "the contact records when it was given");
        contact.GetString("PrivacyNoticeLanguage").Should().Be("nl");
        (await ContactAsync(helpdesk, "7600000000000002")).GetString("PrivacyNoticeLanguage").Should().Be("en");
    }

    [Fact]
    public async Task A_later_automatic_message_and_a_second_conversation_of_the_same_citizen_carry_no_notice()
    {
        await using var helpdesk = await StartAsync();
        await TextAsync(helpdesk, "7600000000000003", "I am in Bangkok and my passport was stolen, can you help me?");
        var first = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        var given = (await ContactAsync(helpdesk, "7600000000000003")).GetDateTimeOffset("PrivacyNoticeAt");

        // Wednesday night (Monday is a closure day: Sunday's acknowledgement covers until Tuesday 09:00): the same
        // conversation gets a new acknowledgement (another closure period), without the notice.
        _clock.Jump(TimeSpan.FromDays(3));
        await TextAsync(helpdesk, "7600000000000003", "Nobody has answered me yet, I am still waiting");
        // Closed by an agent: the citizen's next message opens a second conversation, acknowledged without the notice.
        using var agent = await helpdesk.SignInAsync("admin");
        (await agent.ChangeAsync(first, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        _clock.Jump(TimeSpan.FromDays(1));
        await TextAsync(helpdesk, "7600000000000003", "I am in Bangkok again and I lost my wallet this time");

        var sent = await MessengerTexts.SentToAsync(helpdesk, "7600000000000003", count: 3);
        sent.Should().HaveCount(3).And.AllSatisfy(text => text.Should().StartWith("We have received your message."));
        sent.Count(text => text.Contains(EnglishPage, StringComparison.Ordinal)).Should().Be(1, "the notice is given once per contact");
        sent[0].Should().Contain(EnglishPage, "the first message carried it");
        (await helpdesk.ConversationRowsAsync()).Count(r => r.RowKey == "thread").Should().Be(2, "the last message opened a second conversation");
        (await ContactAsync(helpdesk, "7600000000000003")).GetDateTimeOffset("PrivacyNoticeAt").Should().Be(given, "recorded once");
    }

    [Fact]
    public async Task A_failure_after_the_contact_records_the_notice_and_before_its_message_is_written_gives_it_once_with_the_redelivery()
    {
        // The first write to the pending-sends index fails: the contact has recorded the notice, the acknowledgement is not
        // written yet. The inbound message is delivered again: it writes the same acknowledgement, with the notice.
        FaultInjection? fault = null;
        _clock.Jump(SundayNight - _clock.GetUtcNow());
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, Settings(), development: true, services: s => s
            .AddSingleton<TimeProvider>(_clock.Time)
            .AddSingleton<HttpPipelinePolicy>(fault = new FaultInjection(
                m => m.Request.Method != RequestMethod.Get && Uri.UnescapeDataString(m.Request.Uri.Path).Contains("PendingSends", StringComparison.Ordinal), 1)));

        await TextAsync(helpdesk, "7600000000000004", "I am in Bangkok and my passport was stolen, can you help me?");

        fault!.Injected.Should().Be(1, "the first attempt failed between the contact and the acknowledgement");
        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0);
        var sent = await MessengerTexts.SentToAsync(helpdesk, "7600000000000004");
        sent.Should().ContainSingle("the acknowledgement is sent once").Which.Should().EndWith(EnglishPage, "the redelivery carries the notice the contact recorded");
        sent[0].Split(EnglishPage).Should().HaveCount(2, "the notice is in it once");
        (await helpdesk.OutboundAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_redelivered_webhook_sends_nothing_more()
    {
        await using var helpdesk = await StartAsync();
        var body = CitizenPayloads.Messenger("7600000000000005", _clock.GetUtcNow(), CitizenPayloads.MessengerText("I am in Bangkok and my passport was stolen", "m_privacy_5"));

        await helpdesk.PostProcessedAsync(ChannelKind.Messenger, body);
        await helpdesk.PostProcessedAsync(ChannelKind.Messenger, body);

        (await MessengerTexts.SentToAsync(helpdesk, "7600000000000005")).Should().ContainSingle().Which.Should().EndWith(EnglishPage);
        helpdesk.Graph.Received.Count(r => r.Body?["recipient"]?["id"]?.GetValue<string>() == "7600000000000005").Should().Be(1);
    }

    [Theory]
    [InlineData("Privacy:NoticeUrl:fr", "http://privacy.example.org/fr", "*Privacy:NoticeUrl:fr*https*")]
    [InlineData("Privacy:NoticeUrl:de", "/privacy", "*Privacy:NoticeUrl:de*")]
    [InlineData("Privacy:NoticeUrl:es", "https://privacy.example.org/es", "*Privacy:NoticeUrl:es*not a language*")]
    public async Task A_privacy_page_that_is_not_an_absolute_https_address_fails_the_start_naming_the_setting(string key, string value, string message)
    {
        var start = () => HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, new Dictionary<string, string?> { [key] = value });

        await start.Should().ThrowAsync<OptionsValidationException>().WithMessage(message);
    }

    [Fact]
    public async Task A_long_crisis_message_goes_whole_with_the_notice_when_both_fit_and_whole_without_it_when_they_do_not()
    {
        await using var helpdesk = await StartAsync();
        string Long(string language) => $"[{language}] " + string.Join(' ', Enumerable.Repeat($"crisis-{language}", 90));
        var (crisis, _) = await helpdesk.Services.GetRequiredService<ConsularHelpdesk.Crises.CrisisStore>().OpenAsync(
            "Floods", ["TH"], [], new ConsularHelpdesk.Crises.CrisisMessages(Long("nl"), Long("fr"), Long("de"), Long("en")), "admin", "Administrator", CancellationToken.None);
        crisis.Should().NotBeNull();
        await helpdesk.Services.GetRequiredService<ConsularHelpdesk.Crises.OpenCrises>().RefreshAsync(CancellationToken.None, force: true);

        // Nothing tells their language: the crisis's words go in Dutch and French (about 1,800 characters), too long for
        // the language choice's 1,024, not for a WhatsApp text with the notice.
        await helpdesk.PostProcessedAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp("66810000001", "Somchai", _clock.GetUtcNow(), CitizenPayloads.WhatsAppText("Bangkok!!")));
        await helpdesk.PostProcessedAsync(ChannelKind.Messenger, CitizenPayloads.Messenger("7600000000000009", _clock.GetUtcNow(), CitizenPayloads.MessengerText("Bangkok!!")));

        var whatsApp = await HelpdeskInstance.EventuallyAsync(
            () => Task.FromResult(helpdesk.Graph.Received.Where(r => r.Recipient == "66810000001").Select(r => r.Body!.ToJsonString()).ToList()), m => m.Count > 0);
        var sent = whatsApp.Should().ContainSingle().Subject;
        sent.Should().Contain(Long("nl")).And.Contain(Long("fr"), "the crisis's words are never clipped").And.Contain("https://privacy.example.org/nl/helpdesk");
        (await ContactAsync(helpdesk, ChannelKind.WhatsApp, "66810000001")).GetDateTimeOffset("PrivacyNoticeAt").Should().NotBeNull();

        // Messenger takes 2,000 characters: the crisis's words go whole, the notice waits for the next automatic message.
        var messenger = (await MessengerTexts.SentToAsync(helpdesk, "7600000000000009")).Should().ContainSingle().Subject;
        messenger.Should().Contain(Long("nl")).And.Contain(Long("fr")).And.NotContain("privacy.example.org");
        (await ContactAsync(helpdesk, ChannelKind.Messenger, "7600000000000009")).GetDateTimeOffset("PrivacyNoticeAt").Should().BeNull("it was not given");
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["AutoReplies:Acknowledge"] = "true",
        ["Privacy:NoticeUrl:nl"] = DutchPage,
        ["Privacy:NoticeUrl:en"] = EnglishPage,
        ["StuckReplies:Period"] = "01:00:00",
    };

    private Task<HelpdeskInstance> StartAsync() => StartOnClockAsync(azurite.Azurite.ConnectionString, _clock, SundayNight, Settings());

    private Task TextAsync(HelpdeskInstance helpdesk, string psid, string text) =>
        helpdesk.PostProcessedAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, _clock.GetUtcNow(), CitizenPayloads.MessengerText(text)));

    /// <summary>The contact row as stored, read past the app.</summary>
    private static Task<TableEntity> ContactAsync(HelpdeskInstance helpdesk, string psid) => ContactAsync(helpdesk, ChannelKind.Messenger, psid);

    private static async Task<TableEntity> ContactAsync(HelpdeskInstance helpdesk, ChannelKind channel, string id)
    {
        var key = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(channel, id);
        return (await helpdesk.Table(n => n.Contacts).GetEntityAsync<TableEntity>(key, string.Empty)).Value;
    }
}
