using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using static ConsularHelpdesk.Server.Tests.Infrastructure.AutoReplyClock;

namespace ConsularHelpdesk.Server.Tests.Replies;

/// <summary>
/// The citizen is told which post handles their case, through the real self-host on Azurite with its clock set; the fake
/// Graph API records what citizens received. Bangkok works Monday to Friday, 09:00-17:00 (UTC+7) and is closed on Monday
/// 7 December 2026; Sunday 03:00 in Bangkok is Saturday 21:00 in Lisbon.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PostNoticeTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_routed_message_at_night_gets_one_message_that_names_the_post_and_says_when_it_opens()
    {
        await using var helpdesk = await StartAsync(SundayNight);

        await TextAsync(helpdesk, "7700000000000001", "I am in Bangkok and my passport was stolen");

        var text = (await SentToAsync(helpdesk, "7700000000000001")).Should().ContainSingle("the notice and the acknowledgement are one message").Subject;
        text.Should().StartWith("Your message was passed to the Embassy of Belgium in Bangkok.\n\nWe have received your message.")
            .And.Contain("Tuesday 8 December at 09:00");
    }

    [Fact]
    public async Task The_citizen_is_told_once_per_post_in_their_language()
    {
        await using var helpdesk = await StartAsync(TuesdayMorning);
        (string Psid, string Text, string Notice)[] citizens =
        [
            ("7700000000000011", "Ik ben in Bangkok en mijn paspoort is gestolen", "Uw bericht is doorgegeven aan de Ambassade van België in Bangkok."),
            ("7700000000000012", "Je suis à Bangkok et on m'a volé mon passeport", "Votre message a été transmis à l'Ambassade de Belgique à Bangkok."),
            ("7700000000000013", "Ich bin in Bangkok und mein Reisepass wurde gestohlen", "Ihre Nachricht wurde an die Botschaft von Belgien in Bangkok weitergeleitet."),
            ("7700000000000014", "I am in Bangkok and my passport was stolen", "Your message was passed to the Embassy of Belgium in Bangkok."),
        ];

        foreach (var citizen in citizens)
        {
            await TextAsync(helpdesk, citizen.Psid, citizen.Text);
            await TextAsync(helpdesk, citizen.Psid, "?");
        }

        foreach (var citizen in citizens)
        {
            (await SentToAsync(helpdesk, citizen.Psid)).Should().ContainSingle("once per post, not per message").Which.Should().StartWith(citizen.Notice + "\n\n", "the post is open: no hours (the privacy notice follows: their first automatic message)");
        }
    }

    [Fact]
    public async Task Without_the_acknowledgement_the_notice_alone_gives_the_opening_time_while_the_post_is_closed()
    {
        await using var helpdesk = await StartAsync(SundayNight, acknowledge: false);

        await TextAsync(helpdesk, "7700000000000002", "Ich bin in Bangkok und mein Reisepass wurde gestohlen");

        (await SentToAsync(helpdesk, "7700000000000002")).Should().ContainSingle().Which.Should().StartWith(
            "Ihre Nachricht wurde an die Botschaft von Belgien in Bangkok weitergeleitet. Das Büro ist derzeit geschlossen und öffnet wieder am Dienstag, 8. Dezember um 09:00 Uhr (Ortszeit).\n\nDatenschutz:");
    }

    [Fact]
    public async Task While_the_central_desk_asks_where_the_citizen_is_nothing_is_said_of_a_post_until_the_answer_routes_it()
    {
        await using var helpdesk = await StartAsync(SundayNight);
        await TextAsync(helpdesk, "7700000000000003", "Hallo, ik heb hulp nodig");
        (await SentToAsync(helpdesk, "7700000000000003")).Should().ContainSingle().Which.Should().StartWith("Waar bent u nu?");

        await TextAsync(helpdesk, "7700000000000003", "Ik ben in Lissabon");

        var sent = await SentToAsync(helpdesk, "7700000000000003", 2);
        sent.Should().HaveCount(2);
        sent[1].Should().StartWith("Uw bericht is doorgegeven aan de Ambassade van België in Lissabon.\n\nWe hebben uw bericht ontvangen.", "Saturday 21:00 in Lisbon: closed");
    }

    [Fact]
    public async Task A_transfer_tells_the_citizen_which_post_handles_their_case_now()
    {
        await using var helpdesk = await StartAsync(TuesdayMorning);
        await TextAsync(helpdesk, "7700000000000004", "I am in Bangkok and my passport was stolen");
        (await SentToAsync(helpdesk, "7700000000000004")).Should().ContainSingle();
        var conversation = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        using var admin = await helpdesk.SignInAsync("admin");

        (await admin.ChangeAsync(conversation, "transfer", new { postId = "lisbon", reason = "the citizen flies to Lisbon tonight" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        var sent = await SentToAsync(helpdesk, "7700000000000004", 2);
        sent.Should().HaveCount(2);
        sent[1].Should().Be("Your message was passed on to the Embassy of Belgium in Lisbon, which will answer you here, in this conversation. "
            + "The office is closed now and opens again on Wednesday 9 December at 09:00 (local time).", "03:00 in Lisbon: closed, and 8 December is a Portuguese holiday");
        (await helpdesk.OutboundAsync()).Select(o => o.GetString("Kind")).Should().Equal("notice", "notice");
    }

    [Fact]
    public async Task A_transfer_and_a_citizen_message_at_the_same_time_tell_the_citizen_of_the_new_post_once()
    {
        await using var helpdesk = await StartAsync(TuesdayMorning, acknowledge: false);
        await TextAsync(helpdesk, "7700000000000006", "I am in Bangkok and my passport was stolen");
        (await SentToAsync(helpdesk, "7700000000000006")).Should().ContainSingle();
        var conversation = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread").PartitionKey;
        var headers = helpdesk.Services.GetRequiredService<ConversationHeaders>();

        // The transfer moves the conversation and reads its header to tell the citizen; before its notice is written,
        // the citizen's next message is processed and tells them of the new post too.
        (await helpdesk.Services.GetRequiredService<ConversationTransfers>().TransferAsync(conversation, "lisbon", "flies to Lisbon", "admin", CancellationToken.None))
            .Should().Be(TransferOutcome.Transferred);
        var asTheTransferReadIt = (await headers.GetAsync(conversation, CancellationToken.None))!;
        await TextAsync(helpdesk, "7700000000000006", "?");
        var contact = await helpdesk.Services.GetRequiredService<ContactBook>().OfAsync(asTheTransferReadIt, CancellationToken.None);
        await helpdesk.Services.GetRequiredService<PostNotice>().TellTransferAsync(asTheTransferReadIt, contact, CancellationToken.None);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();

        var sent = await SentToAsync(helpdesk, "7700000000000006", 2);
        sent.Should().HaveCount(2, "one notice for Bangkok, one for Lisbon: the two paths send the same reply id");
        sent[1].Should().StartWith("Your message was passed on to the Embassy of Belgium in Lisbon");
        (await helpdesk.OutboundAsync()).Select(o => o.GetString("Kind")).Should().Equal("notice", "notice");
        (await headers.GetAsync(conversation, CancellationToken.None))!.PostNoticeFor.Should().Be("lisbon");
    }

    [Fact]
    public async Task With_the_notice_turned_off_a_routed_message_in_office_hours_gets_nothing()
    {
        await using var helpdesk = await StartAsync(TuesdayMorning, notice: false);

        await TextAsync(helpdesk, "7700000000000005", "I am in Bangkok and my passport was stolen");

        helpdesk.Graph.Received.Should().BeEmpty();
        (await helpdesk.OutboundAsync()).Should().BeEmpty();
    }

    private Task<HelpdeskInstance> StartAsync(DateTimeOffset at, bool acknowledge = true, bool notice = true) =>
        StartOnClockAsync(azurite.Azurite.ConnectionString, _clock, at, new Dictionary<string, string?>
        {
            ["AutoReplies:Acknowledge"] = acknowledge ? "true" : "false",
            ["AutoReplies:PostNotice"] = notice ? "true" : "false",
        });

    private async Task TextAsync(HelpdeskInstance helpdesk, string psid, string text)
    {
        _clock.Jump(TimeSpan.FromSeconds(10));
        await helpdesk.PostProcessedAsync(ChannelKind.Messenger, CitizenPayloads.Messenger(psid, _clock.GetUtcNow(), CitizenPayloads.MessengerText(text)));
    }

    /// <summary>The texts the citizen received, once at least <paramref name="count"/> are there.</summary>
    private static Task<List<string>> SentToAsync(HelpdeskInstance helpdesk, string psid, int count = 1) => MessengerTexts.SentToAsync(helpdesk, psid, count);
}
