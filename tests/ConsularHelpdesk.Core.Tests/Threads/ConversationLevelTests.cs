using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Core.Tests.Threads;

public sealed class ConversationLevelTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(nameof(DistressLevel.None), nameof(DistressLevel.Urgent), true)]
    [InlineData(nameof(DistressLevel.Elevated), nameof(DistressLevel.Critical), true)]
    [InlineData(nameof(DistressLevel.Urgent), nameof(DistressLevel.Elevated), false)] // never lowers
    [InlineData(nameof(DistressLevel.Urgent), nameof(DistressLevel.Urgent), false)]
    public void The_automatic_level_only_raises(string current, string next, bool raises)
    {
        var header = new ThreadHeaderEntity();
        ConversationLevel.RaiseAutomatically(header, Enum.Parse<DistressLevel>(current), "distress:test", "m0", At);

        ConversationLevel.RaiseAutomatically(header, Enum.Parse<DistressLevel>(next), "distress:test", "m1", At).Should().Be(raises);
        ConversationLevel.Stored(header).Should().Be(raises ? Enum.Parse<DistressLevel>(next) : Enum.Parse<DistressLevel>(current));
    }

    [Theory]
    [InlineData(nameof(DistressLevel.Elevated), false)]
    [InlineData(nameof(DistressLevel.Urgent), false)]
    [InlineData(nameof(DistressLevel.Critical), true)] // a life at stake is never held back by an earlier human call
    public void After_an_agent_chose_a_level_only_critical_raises_it_again(string next, bool raises)
    {
        var header = new ThreadHeaderEntity();
        ConversationLevel.SetByAgent(header, DistressLevel.None, "agent:1", At);

        ConversationLevel.RaiseAutomatically(header, Enum.Parse<DistressLevel>(next), "distress:test", "m1", At).Should().Be(raises);
    }

    [Fact]
    public void Urgent_or_critical_makes_the_conversation_urgent_and_an_agent_lowering_it_drops_the_urgent_tag()
    {
        var header = new ThreadHeaderEntity { Tags = "passport,Urgent" };
        ConversationLevel.SyncUrgent(header);
        var tagged = (header.Urgent, ConversationLevel.Effective(header));

        ConversationLevel.SetByAgent(header, DistressLevel.Critical, "agent:1", At);
        var critical = (header.Urgent, header.Level, header.LevelRaiseId);
        ConversationLevel.SetByAgent(header, DistressLevel.Elevated, "agent:2", At);

        tagged.Should().Be((true, DistressLevel.Urgent), "the agents' tag has meant urgent since before levels");
        critical.Should().Be((true, "critical", "agent:1"));
        (header.Urgent, header.Level, header.Tags, header.LevelSetBy).Should().Be((false, "elevated", "passport", "agent"));
    }

    [Fact]
    public void A_raise_that_leaves_a_conversation_as_urgent_as_it_was_is_no_new_raise_for_the_duty_officer()
    {
        var header = new ThreadHeaderEntity { Tags = "urgent" };
        ConversationLevel.SyncUrgent(header);

        ConversationLevel.RaiseAutomatically(header, DistressLevel.Urgent, "distress:hospital", "m1", At).Should().BeTrue();
        header.LevelRaiseId.Should().BeNull("it was urgent already (the tag): nobody is told again");
        ConversationLevel.RaiseAutomatically(header, DistressLevel.Critical, "distress:selfHarm", "m2", At).Should().BeTrue();
        header.LevelRaiseId.Should().Be("m2");
    }

    [Fact]
    public void A_long_reason_is_bounded()
    {
        var header = new ThreadHeaderEntity();

        ConversationLevel.RaiseAutomatically(header, DistressLevel.Elevated, new string('x', 5_000), "c1", At);

        header.LevelReason.Should().HaveLength(ConversationLevel.MaxReason);
    }
}
