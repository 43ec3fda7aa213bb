using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ConsularHelpdesk.Server.Tests.Infrastructure.AutoReplyClock;

namespace ConsularHelpdesk.Server.Tests.Replies;

/// <summary>
/// The citizen's language in the automatic messages, through the real self-host on Azurite with its clock set (Sunday
/// night in Bangkok: the post is closed, so a message gets the acknowledgement); the fake Graph API records what the
/// citizens received. Unknown language: Dutch and French in one message, with the choice of four languages; a choice
/// is kept and wins over what later texts look like.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LanguageChoiceTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private static readonly string[] LanguagePayloads = ["LANG:nl", "LANG:fr", "LANG:de", "LANG:en"];

    private readonly RunningClock _clock = new();

    public ValueTask DisposeAsync() => _clock.DisposeAsync();

    [Fact]
    public async Task A_citizen_whose_language_cannot_be_told_gets_dutch_and_french_and_the_choice_of_four_languages()
    {
        await using var helpdesk = await StartAsync();

        await MessengerAsync(helpdesk, "7600000000000001", CitizenPayloads.MessengerText("Bangkok 🙏"));

        var message = (await ReceivedAsync(helpdesk, "7600000000000001")).Single()["message"]!;
        var text = message["text"]!.GetValue<string>();
        text.Should().StartWith("We hebben uw bericht ontvangen.", "Dutch first, never English to a citizen who may have written Dutch")
            .And.Contain("Nous avons bien reçu votre message.")
            .And.Contain("Kies uw taal / Choisissez votre langue / Wählen Sie Ihre Sprache / Choose your language")
            .And.NotContain("We have received your message.");
        Payloads(message["quick_replies"]).Should().Equal(LanguagePayloads);
        message["quick_replies"]!.AsArray().Select(q => q!["title"]!.GetValue<string>()).Should().Equal("Nederlands", "Français", "Deutsch", "English");
    }

    [Fact]
    public async Task On_whatsapp_the_choice_is_a_list_of_the_four_languages()
    {
        await using var helpdesk = await StartAsync();

        await WhatsAppAsync(helpdesk, "32470000201", CitizenPayloads.WhatsAppText("Bangkok 🙏"));

        var interactive = (await ReceivedAsync(helpdesk, "32470000201")).Single()["interactive"]!;
        interactive["type"]!.GetValue<string>().Should().Be("list");
        interactive["body"]!["text"]!.GetValue<string>().Should().StartWith("We hebben uw bericht ontvangen.").And.Contain("Nous avons bien reçu votre message.");
        interactive["action"]!["button"]!.GetValue<string>().Should().Be("Kiezen / Choisir");
        interactive["action"]!["sections"]![0]!["rows"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Should().Equal(LanguagePayloads);
    }

    [Fact]
    public async Task A_citizen_who_writes_another_language_gets_english_and_the_choice()
    {
        await using var helpdesk = await StartAsync();

        await MessengerAsync(helpdesk, "7600000000000002", CitizenPayloads.MessengerText("Hola, estoy en Bangkok y necesito ayuda"));

        var message = (await ReceivedAsync(helpdesk, "7600000000000002")).Single()["message"]!;
        message["text"]!.GetValue<string>().Should().StartWith("We have received your message.").And.NotContain("We hebben uw bericht ontvangen.");
        Payloads(message["quick_replies"]).Should().Equal(LanguagePayloads);
    }

    [Fact]
    public async Task A_citizen_whose_language_is_detected_gets_it_alone_without_the_choice()
    {
        await using var helpdesk = await StartAsync();

        await MessengerAsync(helpdesk, "7600000000000003", CitizenPayloads.MessengerText("Ik ben in Bangkok en mijn paspoort is gestolen"));

        var message = (await ReceivedAsync(helpdesk, "7600000000000003")).Single()["message"]!;
        message["text"]!.GetValue<string>().Should().StartWith("We hebben uw bericht ontvangen.").And.NotContain("Nous avons");
        message["quick_replies"].Should().BeNull();
    }

    [Fact]
    public async Task The_language_chosen_is_kept_and_wins_over_what_the_next_texts_look_like()
    {
        await using var helpdesk = await StartAsync();
        await MessengerAsync(helpdesk, "7600000000000004", CitizenPayloads.MessengerText("👍"));
        var question = (await ReceivedAsync(helpdesk, "7600000000000004")).Single()["message"]!;
        question["text"]!.GetValue<string>().Should().StartWith("Waar bent u nu?").And.Contain("Où êtes-vous actuellement ?");
        Payloads(question["quick_replies"]).Should().Equal(["WHERE:SHARE", "WHERE:BE", "WHERE:OTHER", .. LanguagePayloads], "the intake question offers the choice too");

        await MessengerAsync(helpdesk, "7600000000000004", CitizenPayloads.MessengerQuickReply("Deutsch", "LANG:de"));
        var again = (await ReceivedAsync(helpdesk, "7600000000000004", 2))[1]["message"]!;
        again["text"]!.GetValue<string>().Should().StartWith("Wo befinden Sie sich gerade?", "the question is asked again in the language chosen");
        Payloads(again["quick_replies"]).Should().Equal("WHERE:SHARE", "WHERE:BE", "WHERE:OTHER");

        await MessengerAsync(helpdesk, "7600000000000004", CitizenPayloads.MessengerText("I am in Bangkok and my passport was stolen, please help"));
        var ack = (await ReceivedAsync(helpdesk, "7600000000000004", 3))[2]["message"]!;
        ack["text"]!.GetValue<string>().Should().StartWith("Wir haben Ihre Nachricht erhalten.", "the choice wins over an English text");
        ack["quick_replies"].Should().BeNull("the choice was offered once and made");
        var contactKey = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(ChannelKind.Messenger, "7600000000000004");
        var contact = (await helpdesk.Table(n => n.Contacts).GetEntityAsync<TableEntity>(contactKey, string.Empty)).Value;
        contact.GetString("Language").Should().Be("de");
        contact.GetString("LanguageSource").Should().Be("citizen");
    }

    private Task<HelpdeskInstance> StartAsync() =>
        StartOnClockAsync(azurite.Azurite.ConnectionString, _clock, SundayNight, new Dictionary<string, string?> { ["AutoReplies:Acknowledge"] = "true" });

    private async Task MessengerAsync(HelpdeskInstance helpdesk, string psid, JsonObject item)
    {
        _clock.Jump(TimeSpan.FromSeconds(10));
        await PostAsync(helpdesk, ChannelKind.Messenger, CitizenPayloads.Messenger(psid, _clock.GetUtcNow(), item));
    }

    private async Task WhatsAppAsync(HelpdeskInstance helpdesk, string waId, JsonObject message)
    {
        _clock.Jump(TimeSpan.FromSeconds(10));
        await PostAsync(helpdesk, ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(waId, "Citizen", _clock.GetUtcNow(), message));
    }

    private static Task PostAsync(HelpdeskInstance helpdesk, ChannelKind channel, string body) => helpdesk.PostProcessedAsync(channel, body);

    /// <summary>The bodies the citizen was sent (Messenger by recipient id, WhatsApp by number), once at least <paramref name="count"/> are there.</summary>
    private static async Task<List<JsonNode>> ReceivedAsync(HelpdeskInstance helpdesk, string citizen, int count = 1)
    {
        var sent = await HelpdeskInstance.EventuallyAsync(
            () => Task.FromResult(helpdesk.Graph.Received
                .Where(r => r.Body?["recipient"]?["id"]?.GetValue<string>() == citizen || r.Body?["to"]?.GetValue<string>() == citizen).ToList()),
            r => r.Count >= count);
        return [.. sent.Select(r => r.Body!)];
    }

    private static List<string> Payloads(JsonNode? quickReplies) =>
        [.. quickReplies?.AsArray().Select(q => q!["payload"]!.GetValue<string>()) ?? []];
}
