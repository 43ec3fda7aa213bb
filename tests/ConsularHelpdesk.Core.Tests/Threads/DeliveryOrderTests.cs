using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Core.Tests.Threads;

public sealed class DeliveryOrderTests
{
    [Theory]
    [InlineData(nameof(DeliveryState.Unknown), nameof(DeliveryState.Sent), true)]
    [InlineData(nameof(DeliveryState.Sent), nameof(DeliveryState.Read), true)] // WhatsApp may skip delivered
    [InlineData(nameof(DeliveryState.Read), nameof(DeliveryState.Delivered), false)] // a late delivered never hides a read
    [InlineData(nameof(DeliveryState.Delivered), nameof(DeliveryState.Sent), false)]
    [InlineData(nameof(DeliveryState.Sent), nameof(DeliveryState.Failed), true)]
    [InlineData(nameof(DeliveryState.Read), nameof(DeliveryState.Failed), false)]
    [InlineData(nameof(DeliveryState.Failed), nameof(DeliveryState.Sent), false)]
    [InlineData(nameof(DeliveryState.Failed), nameof(DeliveryState.Delivered), true)] // a retry on Meta's side got through
    [InlineData(nameof(DeliveryState.Read), nameof(DeliveryState.Read), false)]
    public void Statuses_only_move_forward(string current, string next, bool moves) =>
        MessageLog.MovesForward(Enum.Parse<DeliveryState>(current), Enum.Parse<DeliveryState>(next)).Should().Be(moves);

    [Fact]
    public void Storage_keys_hide_message_and_user_ids()
    {
        const string wamid = "wamid.HBgLMzI0NzAwMDAwMDEVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

        var keys = new StorageKeys("test-secret");
        var key = keys.MessageKey(ChannelKind.WhatsApp, wamid);

        key.Should().MatchRegex("^[0-9a-f]{32}$");
        key.Should().NotBe(keys.MessageKey(ChannelKind.Messenger, wamid));
        keys.ContactKey(ChannelKind.WhatsApp, "32470000001").Should().MatchRegex("^whatsapp-[0-9a-f]{32}$").And.NotContain("32470000001");
        keys.ContactKey(ChannelKind.Messenger, "a/b#c?d").Should().MatchRegex("^messenger-[0-9a-f]{32}$");
        keys.ContactKey(ChannelKind.WhatsApp, "US.13491208655302741918").Should().NotBe(keys.ContactKey(ChannelKind.WhatsApp, "32470000001"));
        keys.ContactKey(ChannelKind.WhatsApp, "32470000001").Should().NotBe(new StorageKeys("another-secret").ContactKey(ChannelKind.WhatsApp, "32470000001"),
            "without the secret, trying every phone number does not find the key");
    }
}
