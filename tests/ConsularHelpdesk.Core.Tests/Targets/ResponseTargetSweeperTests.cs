namespace ConsularHelpdesk.Targets;

/// <summary>How long the sweep puts off a conversation whose step keeps failing.</summary>
public sealed class ResponseTargetSweeperTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 15)]
    [InlineData(40, 15)]
    public void A_failing_conversation_is_put_off_twice_as_long_after_each_failure_up_to_the_urgent_margin(int failuresBefore, int minutes)
    {
        var options = new ResponseTargetOptions { Period = TimeSpan.FromMinutes(1), UrgentMargin = TimeSpan.FromMinutes(15) };

        ResponseTargetSweeper.RetryDelay(options, failuresBefore).Should().Be(TimeSpan.FromMinutes(minutes));
    }
}
