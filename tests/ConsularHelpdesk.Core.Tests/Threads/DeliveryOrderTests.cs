using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Core.Tests.Threads;

public sealed class DeliveryOrderTests
{
    [Theory]
    [InlineData(DeliveryState.Unknown, DeliveryState.Sent, true)]
    [InlineData(DeliveryState.Sent, DeliveryState.Read, true)] // WhatsApp may skip delivered
    [InlineData(DeliveryState.Read, DeliveryState.Delivered, false)] // a late delivered never hides a read
    [InlineData(DeliveryState.Delivered, DeliveryState.Sent, false)]
    [InlineData(DeliveryState.Sent, DeliveryState.Failed, true)]
    [InlineData(DeliveryState.Read, DeliveryState.Failed, false)]
    [InlineData(DeliveryState.Failed, DeliveryState.Sent, false)]
    [InlineData(DeliveryState.Failed, DeliveryState.Delivered, true)] // a retry on Meta's side got through
    [InlineData(DeliveryState.Read, DeliveryState.Read, false)]
    public void Statuses_only_move_forward(DeliveryState current, DeliveryState next, bool moves) =>
        ThreadStore.MovesForward(current, next).Should().Be(moves);

    [Fact]
    public void Storage_keys_hide_message_and_user_ids()
    {
        const string wamid = "wamid.HBgLMzI0NzAwMDAwMDEVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

        var key = ThreadStore.MessageKey(ChannelKind.WhatsApp, wamid);

        key.Should().MatchRegex("^[0-9a-f]{32}$");
        key.Should().NotBe(ThreadStore.MessageKey(ChannelKind.Messenger, wamid));
        ThreadStore.ContactKey(ChannelKind.WhatsApp, "32470000001").Should().MatchRegex("^whatsapp-[0-9a-f]{32}$").And.NotContain("32470000001");
        ThreadStore.ContactKey(ChannelKind.Messenger, "a/b#c?d").Should().MatchRegex("^messenger-[0-9a-f]{32}$");
        ThreadStore.ContactKey(ChannelKind.WhatsApp, "US.13491208655302741918").Should().NotBe(ThreadStore.ContactKey(ChannelKind.WhatsApp, "32470000001"));
    }
}
