using System.Text.Json;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Replies;

namespace ConsularHelpdesk.Core.Tests.Privacy;

public sealed class CitizenIdsTests
{
    private const string Phone = "32470111222";
    private const string Conversation = "c0123456789abcdef01234567";

    private static readonly CitizenIds Erased = new("whatsapp-0123456789abcdef0123456789abcdef", new HashSet<string> { Phone }, new HashSet<string> { Conversation });

    [Fact]
    public void Another_citizens_reply_that_quotes_the_erased_number_is_not_theirs()
    {
        var other = Outbound("cfedcba9876543210fedcba98", "32470999888", $"Your brother's number is +{Phone} ({Phone})");

        Erased.Own(other).Should().BeFalse("it is another citizen's reply, to another conversation and recipient");
        Erased.AreIn(other).Should().BeTrue("a look through the whole text would have taken it");
    }

    [Theory]
    [InlineData(Conversation, "32470999888")]
    [InlineData("cfedcba9876543210fedcba98", Phone)]
    public void A_reply_to_their_conversation_or_their_number_is_theirs(string conversation, string recipient) =>
        Erased.Own(Outbound(conversation, recipient, "Bonjour")).Should().BeTrue();

    [Fact]
    public void A_media_job_is_theirs_by_its_conversation_only()
    {
        Erased.Own(JsonSerializer.Serialize(new MediaJob(Conversation, "msg-1", ChannelKind.WhatsApp), MediaJsonContext.Default.MediaJob)).Should().BeTrue();
        Erased.Own(JsonSerializer.Serialize(new MediaJob("cfedcba9876543210fedcba98", "msg-" + Phone, ChannelKind.WhatsApp), MediaJsonContext.Default.MediaJob)).Should().BeFalse();
    }

    [Fact]
    public void A_text_that_is_none_of_ours_is_looked_through_whole() =>
        Erased.Own($"{{\"unknown\":\"{Phone}\"}}").Should().BeTrue();

    private static string Outbound(string conversation, string recipient, string text) => JsonSerializer.Serialize(
        new OutboundMessage("reply:1", conversation, "msg-1", ChannelKind.WhatsApp, "300000000000001", recipient, recipient, text, []),
        OutboundJsonContext.Default.OutboundMessage);
}
