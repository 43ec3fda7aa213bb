using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using static ConsularHelpdesk.Server.Tests.Infrastructure.AutoReplyClock;

namespace ConsularHelpdesk.Server.Tests.Replies;

/// <summary>
/// The automatic acknowledgement while a post is closed and the optional greeting in office hours, through the real
/// self-host on Azurite with its clock set (a <see cref="RunningClock"/> moved before the start); the fake Graph API
/// records what citizens received. Bangkok works Monday to Friday, 09:00-17:00 in Asia/Bangkok (UTC+7), and is closed
/// on Monday 7 December 2026 (a closure day of the office-hours data).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AutomaticRepliesTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string CentralNumber = "+32 2 501 81 11";
    private const string BangkokNumber = "+00 00 000 00 01";

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_message_to_a_closed_post_on_a_Sunday_night_gets_one_acknowledgement_with_the_opening_time_in_the_post_zone_and_both_numbers()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);

        await TextAsync(helpdesk, "7500000000000001", "I am in Bangkok and my passport was stolen");

        var sent = await SentToAsync(helpdesk, "7500000000000001");
        sent.Should().ContainSingle().Which.Should()
            .StartWith("We have received your message.")
            .And.Contain("Tuesday 8 December at 09:00", "Monday 7 December is a closure day of the post, and 09:00 is Bangkok time")
            .And.Contain(BangkokNumber).And.Contain(CentralNumber);
        var ack = (await helpdesk.OutboundAsync()).Should().ContainSingle().Subject;
        ack.GetString("Kind").Should().Be("ack");
        ack.GetString("AuthorId").Should().Be("auto");
    }

    [Fact]
    public async Task The_acknowledgement_is_automatic_in_the_thread_and_the_conversation_still_waits_for_an_answer()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        await TextAsync(helpdesk, "7500000000000002", "I am in Bangkok and my passport was stolen");
        var conversation = (await helpdesk.OutboundAsync()).Single().PartitionKey;
        using var admin = await helpdesk.SignInAsync("admin");

        var thread = await admin.ThreadAsync(conversation);

        var messages = thread["messages"]!.AsArray();
        messages.Single(m => m!["direction"]!.GetValue<string>() == "out")!["automatic"]!.GetValue<bool>().Should().BeTrue();
        messages.Single(m => m!["direction"]!.GetValue<string>() == "in")!["automatic"]!.GetValue<bool>().Should().BeFalse();
        thread["conversation"]!["waitingFor"]!.GetValue<string>().Should().Be("us", "an acknowledgement answers nothing: a person still has to");
        thread["conversation"]!["preview"]!.GetValue<string>().Should().Contain("passport", "the list shows what the citizen wrote");
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.PartitionKey == conversation && r.RowKey == "thread");
        header.GetDateTimeOffset("DueAt").Should().NotBeNull("an acknowledgement does not end the response target: a person still has to answer");
    }

    [Fact]
    public async Task A_closure_day_an_administrator_stored_moves_the_opening_time_the_acknowledgement_gives()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        using var admin = await helpdesk.SignInAsync("admin");
        (await admin.PutAsJsonAsync("api/triage/admin/closures/bangkok/2026-12-08", new { note = "Staff day" })).StatusCode.Should().Be(HttpStatusCode.OK);

        await TextAsync(helpdesk, "7500000000000009", "I am in Bangkok and my passport was stolen");

        (await SentToAsync(helpdesk, "7500000000000009")).Should().ContainSingle().Which.Should().Contain("Wednesday 9 December at 09:00");
    }

    [Fact]
    public async Task A_second_message_the_same_night_gets_no_second_acknowledgement()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        await TextAsync(helpdesk, "7500000000000003", "I am in Bangkok and my passport was stolen");

        _clock.Jump(TimeSpan.FromHours(2));
        await TextAsync(helpdesk, "7500000000000003", "I also lost my bank card");

        (await SentToAsync(helpdesk, "7500000000000003")).Should().ContainSingle();
    }

    [Fact]
    public async Task After_the_post_opened_and_closed_again_a_new_message_at_night_gets_a_new_acknowledgement()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        await TextAsync(helpdesk, "7500000000000004", "I am in Bangkok and my passport was stolen");

        _clock.Jump(new DateTimeOffset(2026, 12, 8, 22, 0, 0, TimeSpan.FromHours(7)) - _clock.GetUtcNow());
        await TextAsync(helpdesk, "7500000000000004", "Nobody has answered me yet");

        var sent = await SentToAsync(helpdesk, "7500000000000004", count: 2);
        sent.Should().HaveCount(2);
        sent[1].Should().Contain("Wednesday 9 December at 09:00");
    }

    [Fact]
    public async Task A_message_in_office_hours_gets_no_acknowledgement()
    {
        await using var helpdesk = await StartAtAsync(TuesdayMorning);

        await TextAsync(helpdesk, "7500000000000005", "I am in Bangkok and my passport was stolen");

        helpdesk.Graph.Received.Should().BeEmpty();
        (await helpdesk.OutboundAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task With_the_greeting_on_a_conversation_opened_in_office_hours_is_greeted_once()
    {
        await using var helpdesk = await StartAtAsync(TuesdayMorning, greeting: true);

        await TextAsync(helpdesk, "7500000000000006", "Ich bin in Bangkok und mein Reisepass wurde gestohlen");
        await TextAsync(helpdesk, "7500000000000006", "Können Sie mir helfen?");

        (await SentToAsync(helpdesk, "7500000000000006")).Should().ContainSingle().Which.Should().StartWith("Vielen Dank für Ihre Nachricht.");
        (await helpdesk.OutboundAsync()).Should().ContainSingle().Which.GetString("Kind").Should().Be("greeting");
    }

    [Fact]
    public async Task A_conversation_that_needs_intake_gets_the_intake_question_and_no_automatic_reply()
    {
        await using var helpdesk = await StartAtAsync(SundayNight, greeting: true);

        await TextAsync(helpdesk, "7500000000000007", "Hello, I need help");

        (await helpdesk.OutboundAsync()).Should().ContainSingle().Which.GetString("Kind").Should().Be("intake");
        helpdesk.Graph.Received.Should().ContainSingle();
    }

    [Fact]
    public async Task A_redelivered_message_gets_no_second_acknowledgement_even_when_the_header_did_not_keep_the_period()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        var body = CitizenPayloads.Messenger("7500000000000008", _clock.GetUtcNow(), CitizenPayloads.MessengerText("I am in Bangkok and my passport was stolen"));
        await PostAsync(helpdesk, body);
        await PostAsync(helpdesk, body);
        (await SentToAsync(helpdesk, "7500000000000008")).Should().ContainSingle();

        // As a second worker that read the header before the acknowledgement was written: only the reply id guards.
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread");
        header.Remove("AcknowledgedPeriod");
        await helpdesk.Table(n => n.Conversations).UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace);
        await PostAsync(helpdesk, body);

        (await SentToAsync(helpdesk, "7500000000000008")).Should().ContainSingle();
        (await helpdesk.OutboundAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_message_to_a_conversation_at_a_post_no_longer_in_the_catalogue_is_stored_without_an_acknowledgement()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        await TextAsync(helpdesk, "7500000000000010", "I am in Bangkok and my passport was stolen");
        var header = (await helpdesk.ConversationRowsAsync()).Single(r => r.RowKey == "thread");
        header["PostId"] = "atlantis";
        header.Remove("AcknowledgedPeriod");
        await helpdesk.Table(n => n.Conversations).UpdateEntityAsync(header, header.ETag, TableUpdateMode.Replace);

        await TextAsync(helpdesk, "7500000000000010", "Is anybody there?");

        (await helpdesk.MessagesAsync()).Should().HaveCount(2, "the message is stored");
        (await QueueDrain.InboundPoisonCountAsync(helpdesk)).Should().Be(0, "a post without hours does not fail the message");
        (await SentToAsync(helpdesk, "7500000000000010")).Should().ContainSingle("only the first message, at Bangkok, was acknowledged");
    }

    [Fact]
    public async Task The_acknowledgement_is_in_the_citizen_language_with_the_weekday_and_date_written_in_it()
    {
        await using var helpdesk = await StartAtAsync(SundayNight);
        (string Psid, string Text, string Start, string Opening)[] citizens =
        [
            ("7500000000000011", "Ik ben in Bangkok en mijn paspoort is gestolen, wat moet ik doen?", "We hebben uw bericht ontvangen.", "dinsdag 8 december om 09:00"),
            ("7500000000000012", "Je suis à Bangkok et mon passeport a été volé, que dois-je faire ?", "Nous avons bien reçu votre message.", "mardi 8 décembre à 09h00"),
            ("7500000000000013", "Ich bin in Bangkok und mein Reisepass wurde gestohlen, was soll ich tun?", "Wir haben Ihre Nachricht erhalten.", "Dienstag, 8. Dezember um 09:00 Uhr"),
            ("7500000000000014", "I am in Bangkok and my passport was stolen, what should I do?", "We have received your message.", "Tuesday 8 December at 09:00"),
        ];

        foreach (var citizen in citizens)
        {
            await TextAsync(helpdesk, citizen.Psid, citizen.Text);
        }

        foreach (var citizen in citizens)
        {
            (await SentToAsync(helpdesk, citizen.Psid)).Should().ContainSingle().Which.Should()
                .StartWith(citizen.Start).And.Contain(citizen.Opening).And.Contain(BangkokNumber).And.Contain(CentralNumber);
        }
    }

    private Task<HelpdeskInstance> StartAtAsync(DateTimeOffset at, bool greeting = false) =>
        StartOnClockAsync(azurite.Azurite.ConnectionString, _clock, at, new Dictionary<string, string?>
        {
            ["AutoReplies:Acknowledge"] = "true",
            ["AutoReplies:Greeting"] = greeting ? "true" : "false",
        });

    private Task TextAsync(HelpdeskInstance helpdesk, string psid, string text) =>
        PostAsync(helpdesk, CitizenPayloads.Messenger(psid, _clock.GetUtcNow(), CitizenPayloads.MessengerText(text)));

    private static Task PostAsync(HelpdeskInstance helpdesk, string body) => helpdesk.PostProcessedAsync(ChannelKind.Messenger, body);

    /// <summary>The texts the citizen received, once the queues are drained (anything to send has been sent then).</summary>
    private static Task<List<string>> SentToAsync(HelpdeskInstance helpdesk, string psid, int count = 1) => MessengerTexts.SentToAsync(helpdesk, psid, count);
}
