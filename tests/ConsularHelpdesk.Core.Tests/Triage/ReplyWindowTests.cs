using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Core.Tests.Triage;

public sealed class ReplyWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(nameof(ChannelKind.WhatsApp), 23.9, nameof(ReplyMode.Free))]
    [InlineData(nameof(ChannelKind.WhatsApp), 24.1, nameof(ReplyMode.Template))]
    [InlineData(nameof(ChannelKind.WhatsApp), 500, nameof(ReplyMode.Template))]
    [InlineData(nameof(ChannelKind.Messenger), 1, nameof(ReplyMode.Free))]
    [InlineData(nameof(ChannelKind.Messenger), 25, nameof(ReplyMode.Tag))]
    [InlineData(nameof(ChannelKind.Messenger), 7 * 24 - 0.1, nameof(ReplyMode.Tag))]
    [InlineData(nameof(ChannelKind.Messenger), 7 * 24 + 0.1, nameof(ReplyMode.Closed))]
    public void The_platforms_rules_follow_the_citizens_last_message(string channel, double hoursAgo, string mode)
    {
        var window = ReplyWindow.For(Enum.Parse<ChannelKind>(channel), Now.AddHours(-hoursAgo), Now);

        window.Mode.Should().Be(Enum.Parse<ReplyMode>(mode));
        window.Explanation.Keys.Should().BeEquivalentTo(["nl", "fr", "de", "en"]);
    }

    [Fact]
    public void The_free_window_ends_24_hours_after_the_last_message()
    {
        var last = Now.AddHours(-3);

        ReplyWindow.For(ChannelKind.WhatsApp, last, Now).Until.Should().Be(last.AddHours(24));
        ReplyWindow.For(ChannelKind.Messenger, Now.AddDays(-2), Now).Until.Should().Be(Now.AddDays(5));
    }

    [Theory]
    [InlineData(nameof(ChannelKind.WhatsApp), nameof(ReplyMode.Template))]
    [InlineData(nameof(ChannelKind.Messenger), nameof(ReplyMode.Closed))]
    public void A_citizen_who_never_wrote_cannot_get_a_free_reply(string channel, string mode) =>
        ReplyWindow.For(Enum.Parse<ChannelKind>(channel), null, Now).Mode.Should().Be(Enum.Parse<ReplyMode>(mode));

    [Fact]
    public void Agents_of_a_post_reach_it_and_no_other_unless_admin_or_supervisor_of_all()
    {
        new Agent("a", "A", AgentRole.Agent, ["dakar"], "fr").CanAccess("dakar").Should().BeTrue();
        new Agent("a", "A", AgentRole.Agent, ["dakar"], "fr").CanAccess("kinshasa").Should().BeFalse();
        new Agent("s", "S", AgentRole.Supervisor, [Agent.AllPosts], "en").CanAccess("kinshasa").Should().BeTrue();
        new Agent("x", "X", AgentRole.Admin, [], "en").CanAccess("anything").Should().BeTrue();
    }

    [Fact]
    public void The_easy_auth_header_gives_the_object_id_and_garbage_gives_nobody()
    {
        var header = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"0000-1111"},{"typ":"name","val":"Jan"}],"name_typ":"name","role_typ":"roles"}"""));

        var principal = AgentClaims.FromEasyAuthHeader(header);

        AgentClaims.AgentId(principal!).Should().Be("0000-1111");
        principal!.Identity!.Name.Should().Be("Jan");
        AgentClaims.FromEasyAuthHeader("not base64!").Should().BeNull();
        AgentClaims.FromEasyAuthHeader(Convert.ToBase64String("[1,2]"u8.ToArray())).Should().BeNull();
        AgentClaims.FromEasyAuthHeader(null).Should().BeNull();
    }
}
