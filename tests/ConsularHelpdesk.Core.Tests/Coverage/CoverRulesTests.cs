using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Who covers a post at an instant and which posts a duty officer covers, from shifts and the real data files
/// (posts, office hours, hubs): the tiers in order, the central desk as the last line, daylight saving in a shift.
/// </summary>
public sealed class CoverRulesTests
{
    private static readonly Lazy<PostCatalog> Catalog = new(PostCatalog.LoadEmbedded);

    // Sunday 29 November 2026, 03:00 in Bangkok (UTC+7): the post is closed.
    private static readonly DateTimeOffset SundayNightInBangkok = Utc(2026, 11, 28, 20);

    // Monday 30 November 2026, 10:00 in Bangkok: the post is open.
    private static readonly DateTimeOffset MondayMorningInBangkok = Utc(2026, 11, 30, 3);

    internal static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    internal static (CoverRules Rules, RosterTargets Targets) Create()
    {
        var catalog = Catalog.Value;
        var calendar = OfficeHoursCalendar.LoadEmbedded(catalog);
        var hours = new OfficeHours(calendar, new HostCountryHolidays());
        var hubs = RegionalHubs.LoadEmbedded(catalog);
        var rules = new CoverRules(catalog, hubs, hours, new ClosedTime(calendar, hours));
        return (rules, new RosterTargets(catalog, calendar, hubs, rules));
    }

    internal static RosterShift Shift(string agent, string target, DateTimeOffset start, DateTimeOffset end) =>
        new(RosterKeys.NewId(start), agent, $"Name of {agent}", target, start.UtcDateTime, end.UtcDateTime, start, end, null);

    [Fact]
    public void The_cover_of_a_post_lists_its_duty_officer_then_its_hub_then_the_central_desk()
    {
        var (rules, _) = Create();
        var from = SundayNightInBangkok.AddHours(-6);
        var until = SundayNightInBangkok.AddHours(6);
        List<RosterShift> shifts =
        [
            Shift("central-night", "central", from, until.AddHours(1)),
            Shift("hub-officer", "hub-southeast-asia", from, until),
            Shift("bangkok-officer", "bangkok", from, until.AddHours(2)),
            Shift("riyadh-officer", "riyadh", from, until),
        ];

        var cover = rules.Cover(shifts, "bangkok", SundayNightInBangkok);

        cover.Should().Equal(
            new CoverPerson("bangkok-officer", "Name of bangkok-officer", CoverRoles.PostDuty, until.AddHours(2)),
            new CoverPerson("hub-officer", "Name of hub-officer", CoverRoles.RegionalHub, until),
            new CoverPerson("central-night", "Name of central-night", CoverRoles.CentralDesk, until.AddHours(1)));
    }

    [Fact]
    public void A_shift_that_has_ended_or_not_begun_covers_nothing()
    {
        var (rules, _) = Create();
        List<RosterShift> shifts =
        [
            Shift("earlier", "bangkok", SundayNightInBangkok.AddHours(-8), SundayNightInBangkok),
            Shift("later", "bangkok", SundayNightInBangkok.AddMinutes(1), SundayNightInBangkok.AddHours(8)),
        ];

        rules.Cover(shifts, "bangkok", SundayNightInBangkok).Should().BeEmpty("a shift ends before its end instant and starts at its start");
        rules.PostsCovered(shifts, "earlier", SundayNightInBangkok).Should().BeEmpty();
    }

    [Fact]
    public void A_hub_officer_covers_the_hubs_closed_posts_and_not_those_open()
    {
        var (rules, _) = Create();
        var shifts = new[] { Shift("hub-officer", "hub-southeast-asia", SundayNightInBangkok.AddHours(-1), MondayMorningInBangkok.AddHours(1)) };

        rules.PostsCovered(shifts, "hub-officer", SundayNightInBangkok).Should().Equal("bangkok", "hanoi", "jakarta", "kualalumpur", "manila", "singapore");
        rules.PostsCovered(shifts, "hub-officer", MondayMorningInBangkok).Should().NotContain("bangkok", "Bangkok is open on Monday at 10:00");
    }

    [Fact]
    public void The_central_desk_covers_the_closed_posts_nobody_else_covers()
    {
        var (rules, _) = Create();
        List<RosterShift> shifts =
        [
            Shift("central-night", "central", SundayNightInBangkok.AddHours(-1), SundayNightInBangkok.AddHours(1)),
            Shift("hub-officer", "hub-southeast-asia", SundayNightInBangkok.AddHours(-1), SundayNightInBangkok.AddHours(1)),
        ];

        var central = rules.PostsCovered(shifts, "central-night", SundayNightInBangkok);

        central.Should().NotContain(["bangkok", "hanoi", "singapore"], "the hub covers them");
        central.Should().Contain(["riyadh", "kinshasa", "paris"], "nobody else covers them on a Saturday evening UTC");
        central.Should().NotContain("central");
        rules.Cover(shifts, "riyadh", SundayNightInBangkok).Should().ContainSingle().Which.Role.Should().Be(CoverRoles.CentralDesk);
    }

    [Fact]
    public void A_night_shift_entered_in_local_time_across_the_end_of_summer_time_lasts_an_hour_longer()
    {
        var (rules, targets) = Create();
        var paris = targets.Find("paris")!;

        // Saturday 24 October 2026 20:00 to Sunday 25 October 08:00 in Paris: the clocks go back at 03:00 that night.
        var start = paris.ToUtc(new DateTime(2026, 10, 24, 20, 0, 0));
        var end = paris.ToUtc(new DateTime(2026, 10, 25, 8, 0, 0));
        var shift = Shift("paris-officer", "paris", start, end);

        (end - start).Should().Be(TimeSpan.FromHours(13));
        start.Should().Be(Utc(2026, 10, 24, 18));
        end.Should().Be(Utc(2026, 10, 25, 7));
        rules.Cover([shift], "paris", Utc(2026, 10, 25, 6, 59)).Should().ContainSingle("07:59 local is still in the shift");
        rules.Cover([shift], "paris", Utc(2026, 10, 25, 7)).Should().BeEmpty("08:00 local ends it");
    }

    [Fact]
    public void A_target_is_a_consular_post_a_hub_or_the_central_desk()
    {
        var (_, targets) = Create();

        targets.Find("bangkok")!.Role.Should().Be(CoverRoles.PostDuty);
        targets.Find("hub-gulf")!.Posts.Should().Contain("riyadh");
        targets.Find("central")!.Role.Should().Be(CoverRoles.CentralDesk);
        targets.Find("strasbourg-coe").Should().BeNull("a post that gives no consular help has nobody to cover it");
        targets.Find("atlantis").Should().BeNull();
    }
}
