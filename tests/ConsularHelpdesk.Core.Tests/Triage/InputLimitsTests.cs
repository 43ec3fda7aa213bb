using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Core.Tests.Triage;

public sealed class InputLimitsTests
{
    [Theory]
    [InlineData(nameof(ChannelKind.WhatsApp), false, 4096)]
    [InlineData(nameof(ChannelKind.WhatsApp), true, 1024)]
    [InlineData(nameof(ChannelKind.Messenger), false, 2000)]
    [InlineData(nameof(ChannelKind.Messenger), true, 2000)]
    public void A_reply_may_be_as_long_as_the_channel_takes_and_no_longer(string channelName, bool withFile, int limit)
    {
        var channel = Enum.Parse<ChannelKind>(channelName);
        var attachment = withFile ? "file-id" : null;

        InputLimits.Check(new ReplyRequest("id", new string('a', limit), AttachmentId: attachment), channel).Should().BeNull();
        InputLimits.Check(new ReplyRequest("id", new string('a', limit + 1), AttachmentId: attachment), channel).Should().Contain($"at most {limit}");
    }

    [Fact]
    public void Missing_fields_are_left_to_the_service_to_refuse()
    {
        InputLimits.Check(new ReplyRequest(null!, null), ChannelKind.WhatsApp).Should().BeNull();
        InputLimits.Check(new TagsRequest(null!)).Should().BeNull();
        InputLimits.Check(new TransferRequest(null!, null!)).Should().BeNull();
    }
}
