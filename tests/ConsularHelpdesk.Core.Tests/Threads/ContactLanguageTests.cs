using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Core.Tests.Threads;

/// <summary>
/// The language kept on a citizen's contact as their messages come in (<see cref="ContactBook.LanguageOf"/>): one short
/// message does not move a language detected before, a confident one does, and a language chosen is never replaced by detection.
/// </summary>
public sealed class ContactLanguageTests
{
    private const string DutchParagraph = "Ik ben mijn paspoort kwijt in Lissabon en mijn vlucht vertrekt morgen, kunnen jullie mij helpen?";
    private const string EnglishParagraph = "I lost my passport and my wallet was stolen at the station this morning, can someone help me please?";

    [Theory]
    [InlineData("Thanks")]
    [InlineData("Gracias")]
    [InlineData("thank you")]
    [InlineData("ok merci")]
    public void A_Dutch_citizen_stays_Dutch_after_one_short_message_in_another_language(string text)
    {
        var contact = new ContactEntity();
        Write(contact, DutchParagraph);
        contact.Language.Should().Be(Languages.Nl);

        Write(contact, text);

        contact.Language.Should().Be(Languages.Nl, $"\"{text}\" is too little to say the citizen now reads another language");
        contact.LanguageSource.Should().Be(LanguageSources.Detected);
    }

    [Fact]
    public void A_Dutch_citizen_who_then_writes_a_full_English_paragraph_is_answered_in_English()
    {
        var contact = new ContactEntity();
        Write(contact, DutchParagraph);

        Write(contact, EnglishParagraph);

        contact.Language.Should().Be(Languages.En);
        contact.LanguageSource.Should().Be(LanguageSources.Detected);
    }

    [Fact]
    public void Another_language_never_replaces_one_of_the_four_but_is_kept_when_nothing_was_known()
    {
        var dutch = new ContactEntity();
        Write(dutch, DutchParagraph);
        Write(dutch, "Hola, necesito ayuda, me robaron el pasaporte en la estacion");
        dutch.Language.Should().Be(Languages.Nl, "Other would mean English: never to a citizen who wrote in Dutch");

        var unknown = new ContactEntity();
        Write(unknown, "Gracias");
        unknown.Language.Should().Be(Languages.Other);
        Write(unknown, "Thanks");
        unknown.Language.Should().Be(Languages.En, "a language of the four replaces another one even on a short message");
    }

    [Theory]
    [InlineData(DutchParagraph)]
    [InlineData(EnglishParagraph)]
    [InlineData("Danke")]
    public void A_language_the_citizen_chose_is_never_replaced_by_detection(string text)
    {
        var contact = new ContactEntity();
        Write(contact, DutchParagraph);
        Write(contact, "Français", payload: "LANG:fr");
        (contact.Language, contact.LanguageSource).Should().Be((Languages.Fr, LanguageSources.Citizen));

        Write(contact, text);

        (contact.Language, contact.LanguageSource).Should().Be((Languages.Fr, LanguageSources.Citizen));
    }

    [Fact]
    public void A_language_an_agent_set_is_never_replaced_by_detection()
    {
        var contact = new ContactEntity { Language = Languages.De, LanguageSource = LanguageSources.Agent };

        Write(contact, EnglishParagraph);

        (contact.Language, contact.LanguageSource).Should().Be((Languages.De, LanguageSources.Agent));
    }

    private static void Write(ContactEntity contact, string text, string? payload = null)
    {
        var activity = new ChannelActivity
        {
            Type = ActivityTypes.Message,
            Channel = ChannelKind.WhatsApp,
            From = new ChannelAccount("32470000001"),
            Recipient = new ChannelAccount("100000000000001"),
            Text = text,
            Payload = payload,
            Timestamp = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
            RawJson = "{}",
        };
        if (ContactBook.LanguageOf(activity, contact) is { } language)
        {
            (contact.Language, contact.LanguageSource) = language;
        }
    }
}
