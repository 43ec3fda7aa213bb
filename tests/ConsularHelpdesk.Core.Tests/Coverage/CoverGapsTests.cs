namespace ConsularHelpdesk.Coverage;

/// <summary>The gap check: the stretches in which a post is closed and no shift covers it, merged, in UTC.</summary>
public sealed class CoverGapsTests
{
    private static DateTimeOffset Utc(int day, int hour, int minute = 0) => CoverRulesTests.Utc(2026, 11, day, hour, minute);

    [Fact]
    public void Without_a_roster_the_gaps_of_a_post_are_its_closed_hours()
    {
        var (rules, _) = CoverRulesTests.Create();

        // Monday 30 November 2026 in Bangkok (UTC+7): open 09:00-12:30 and 13:30-17:00, i.e. 02:00-05:30 and 06:30-10:00 UTC.
        var gaps = rules.Gaps([], ["bangkok"], Utc(29, 17), Utc(30, 17));

        gaps.Should().Equal(
            new CoverGap("bangkok", Utc(29, 17), Utc(30, 2)),
            new CoverGap("bangkok", Utc(30, 5, 30), Utc(30, 6, 30)),
            new CoverGap("bangkok", Utc(30, 10), Utc(30, 17)));
    }

    [Fact]
    public void A_central_desk_shift_around_the_clock_leaves_no_gap_anywhere()
    {
        var (rules, _) = CoverRulesTests.Create();
        var shifts = new[] { CoverRulesTests.Shift("central-night", "central", Utc(23, 0), Utc(30, 0)) };

        rules.Gaps(shifts, rules.RosteredPosts, Utc(23, 0), Utc(30, 0)).Should().BeEmpty();
    }

    [Fact]
    public void A_hub_shift_that_ends_early_leaves_the_rest_of_the_night_as_a_gap_for_each_of_its_posts()
    {
        var (rules, _) = CoverRulesTests.Create();

        // Bangkok closes on Monday at 17:00 local (10:00 UTC) and opens on Tuesday at 09:00 (02:00 UTC); the hub covers until 20:00 UTC.
        var shifts = new[] { CoverRulesTests.Shift("hub-officer", "hub-southeast-asia", Utc(30, 10), Utc(30, 20)) };

        var gaps = rules.Gaps(shifts, ["bangkok", "paris"], Utc(30, 10), Utc(30, 23));

        gaps.Where(g => g.Post == "bangkok").Should().Equal(new CoverGap("bangkok", Utc(30, 20), Utc(30, 23)));
        gaps.Where(g => g.Post == "paris").Should().Equal(
            [new CoverGap("paris", Utc(30, 11, 30), Utc(30, 12, 30)), new CoverGap("paris", Utc(30, 16), Utc(30, 23))],
            "the hub does not cover Paris, closed over lunch and from 17:00 local");
    }

    [Fact]
    public void A_Friday_in_Riyadh_is_a_gap_all_day_but_a_Friday_in_Paris_only_outside_office_hours()
    {
        var (rules, _) = CoverRulesTests.Create();

        // Friday 27 November 2026, 00:00 to 24:00 UTC.
        var gaps = rules.Gaps([], ["riyadh", "paris"], Utc(27, 0), Utc(28, 0));

        gaps.Where(g => g.Post == "riyadh").Should().Equal(new CoverGap("riyadh", Utc(27, 0), Utc(28, 0)));
        gaps.Where(g => g.Post == "paris").Should().HaveCount(3, "before 09:00, over lunch and after 17:00 local");
    }

    [Theory]
    [InlineData(1, 12, 23)] // Tuesday 1 December 2026: seven days back is Tuesday 24 November, in the week of Monday 23
    [InlineData(6, 23, 23)] // Sunday 6 December, 23:00: seven days back is Sunday 29 November, in the same week
    [InlineData(7, 0, 30)] // Monday 7 December, 00:00: seven days back is Monday 30 November itself
    public void The_daily_look_back_starts_on_the_Monday_at_or_before_a_week_ago(int decemberDay, int hour, int novemberMonday)
    {
        var now = new DateTimeOffset(2026, 12, decemberDay, hour, 0, 0, TimeSpan.Zero);

        var from = CoverGaps.LookBackFrom(now);

        from.Should().Be(Utc(novemberMonday, 0));
        (now - from).Should().BeGreaterThanOrEqualTo(CoverGaps.LookBack);
    }
}
