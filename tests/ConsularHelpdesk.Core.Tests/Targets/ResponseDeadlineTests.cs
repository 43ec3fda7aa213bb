using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Targets;

/// <summary>
/// Due times from the real office-hours data: urgent within 15 minutes at any hour; normal by the end of the post's
/// working day (the day's last slot), the next open day's when the message comes while the post is closed.
/// </summary>
public sealed class ResponseDeadlineTests
{
    private static readonly Lazy<PostCatalog> Catalog = new(PostCatalog.LoadEmbedded);

    private static ResponseDeadline Deadline()
    {
        var calendar = OfficeHoursCalendar.LoadEmbedded(Catalog.Value);
        return new ResponseDeadline(new OfficeHours(calendar, new HostCountryHolidays()), calendar, Options.Create(new ResponseTargetOptions()));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void An_urgent_message_is_due_fifteen_minutes_later_even_at_three_on_a_Sunday_night()
    {
        var sundayThreeInBangkok = Utc(2026, 11, 28, 20);

        Deadline().DueAt("bangkok", urgent: true, sundayThreeInBangkok).Should().Be(sundayThreeInBangkok.AddMinutes(15));
    }

    [Fact]
    public void A_normal_message_in_the_morning_is_due_at_the_end_of_that_days_afternoon_slot()
    {
        var mondayTenInBangkok = Utc(2026, 11, 30, 3);

        Deadline().DueAt("bangkok", urgent: false, mondayTenInBangkok).Should().Be(Utc(2026, 11, 30, 10), "17:00 in Bangkok (UTC+7)");
    }

    [Fact]
    public void A_normal_message_during_the_lunch_break_is_due_at_the_end_of_the_same_day()
    {
        var mondayOneInBangkok = Utc(2026, 11, 30, 6);

        Deadline().DueAt("bangkok", urgent: false, mondayOneInBangkok).Should().Be(Utc(2026, 11, 30, 10));
    }

    [Fact]
    public void A_normal_message_at_night_is_due_at_the_end_of_the_next_working_day()
    {
        var tuesdayTwoAmInBangkok = Utc(2026, 11, 30, 19);

        Deadline().DueAt("bangkok", urgent: false, tuesdayTwoAmInBangkok).Should().Be(Utc(2026, 12, 1, 10), "Tuesday 17:00 in Bangkok");
    }

    [Fact]
    public void A_normal_message_on_Friday_evening_is_due_on_Monday_evening_across_the_weekend()
    {
        var fridayEightPmInBangkok = Utc(2026, 11, 27, 13);

        Deadline().DueAt("bangkok", urgent: false, fridayEightPmInBangkok).Should().Be(Utc(2026, 11, 30, 10));
    }

    [Fact]
    public void In_Riyadh_a_message_on_Thursday_evening_is_due_on_Sunday_the_first_day_after_its_Friday_Saturday_weekend()
    {
        var thursdayEightPmInRiyadh = Utc(2026, 11, 26, 17);

        Deadline().DueAt("riyadh", urgent: false, thursdayEightPmInRiyadh).Should().Be(Utc(2026, 11, 29, 14), "Sunday 17:00 in Riyadh (UTC+3)");
    }

    [Fact]
    public void The_central_desk_open_around_the_clock_answers_a_normal_message_by_the_end_of_its_Brussels_day()
    {
        var wednesdayTwoAmInBrussels = Utc(2026, 12, 2, 1);

        Deadline().DueAt("central", urgent: false, wednesdayTwoAmInBrussels).Should().Be(Utc(2026, 12, 2, 23), "midnight in Brussels (UTC+1)");
    }
}
