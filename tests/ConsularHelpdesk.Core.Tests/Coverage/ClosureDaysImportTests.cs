using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Closure days imported from iCalendar text, as a calendar application exports it: all-day, multi-day, recurring and
/// timed events, the bounds on what is read, and the imported days closing a post in <see cref="OfficeHours"/>.
/// </summary>
public sealed class ClosureDaysImportTests
{
    private static readonly Lazy<PostCatalog> Catalog = new(PostCatalog.LoadEmbedded);
    private static readonly TimeZoneInfo Bangkok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Bangkok");
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2027, 12, 31);

    [Fact]
    public void A_one_day_all_day_event_closes_that_day()
    {
        var dates = Read(Event("DTSTART;VALUE=DATE:20261205", "DTEND;VALUE=DATE:20261206"));

        dates.Should().Equal(new DateOnly(2026, 12, 5));
    }

    [Fact]
    public void A_three_day_event_closes_three_days_because_its_end_is_exclusive()
    {
        var dates = Read(Event("DTSTART;VALUE=DATE:20261223", "DTEND;VALUE=DATE:20261226"));

        dates.Should().BeEquivalentTo([new DateOnly(2026, 12, 23), new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 25)]);
    }

    [Fact]
    public void Only_the_days_within_the_range_of_an_event_across_its_start_come_back()
    {
        var dates = Read(Event("DTSTART;VALUE=DATE:20251230", "DTEND;VALUE=DATE:20260103"));

        dates.Should().BeEquivalentTo([new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 2)]);
    }

    [Fact]
    public void A_yearly_national_day_is_expanded_over_the_range()
    {
        // The King's birthday in Thailand, every 28 July since 2017: only the two years of the range come back.
        var dates = Read(Event("DTSTART;VALUE=DATE:20170728", "DTEND;VALUE=DATE:20170729", "RRULE:FREQ=YEARLY"));

        dates.Should().BeEquivalentTo([new DateOnly(2026, 7, 28), new DateOnly(2027, 7, 28)]);
    }

    [Fact]
    public void A_timed_event_counts_for_the_local_date_it_starts_on_in_the_posts_zone()
    {
        var dates = Read(
            Event("DTSTART:20261207T180000Z", "DTEND:20261207T200000Z") // 01:00 on 8 December in Bangkok (UTC+7)
            + Event("DTSTART;TZID=Asia/Bangkok:20261209T233000", "DTEND;TZID=Asia/Bangkok:20261210T003000")); // 16:30 UTC on the 9th

        dates.Should().BeEquivalentTo([new DateOnly(2026, 12, 8), new DateOnly(2026, 12, 9)]);
    }

    [Theory]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-13-45\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261205\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261205\r\n")]
    [InlineData("Closed on the fifth of December, private note for Mr Janssens")]
    public void A_malformed_file_is_an_invalid_data_error_that_quotes_nothing_of_it(string ics)
    {
        var act = () => ClosureDaysImport.Read(ics, Bangkok, From, To);

        var error = act.Should().Throw<InvalidDataException>().Which;
        error.Message.Should().NotContainAny("20261205", "2026-13-45", "SOMETIMES", "Janssens");
    }

    [Fact]
    public void A_file_over_one_mebibyte_is_refused()
    {
        var ics = Calendar(Event("DTSTART;VALUE=DATE:20261205", "DESCRIPTION:" + new string('x', ClosureDaysImport.MaxBytes)));

        var act = () => ClosureDaysImport.Read(ics, Bangkok, From, To);

        act.Should().Throw<InvalidDataException>().WithMessage("*larger than 1 MiB*");
    }

    [Fact]
    public void A_rule_giving_more_than_a_thousand_dates_in_the_range_is_refused()
    {
        var everyDay = Calendar(Event("DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=DAILY"));

        ClosureDaysImport.Read(everyDay, Bangkok, From, From.AddDays(ClosureDaysImport.MaxDates - 1)).Should().HaveCount(ClosureDaysImport.MaxDates);
        var act = () => ClosureDaysImport.Read(everyDay, Bangkok, From, From.AddDays(ClosureDaysImport.MaxDates));

        act.Should().Throw<InvalidDataException>().WithMessage("*more than 1000 closure dates*");
    }

    [Fact]
    public void A_rule_repeating_every_second_is_refused_before_it_is_expanded_far()
    {
        var act = () => ClosureDaysImport.Read(Calendar(Event("DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY")), Bangkok, From, From);

        act.Should().Throw<InvalidDataException>().WithMessage("*more than 10000 occurrences*");
    }

    [Fact]
    public void A_post_is_closed_on_an_imported_day_and_open_the_day_after()
    {
        var dates = Read(Event("DTSTART;VALUE=DATE:20261214", "DTEND;VALUE=DATE:20261215")); // Monday 14 December
        var embedded = OfficeHoursCalendar.LoadEmbedded(Catalog.Value);
        var hours = new OfficeHours(embedded.WithClosures("bangkok", dates), new HostCountryHolidays());
        var mondayTenLocal = new DateTimeOffset(2026, 12, 14, 3, 0, 0, TimeSpan.Zero);

        hours.IsOpen("bangkok", mondayTenLocal).Should().BeFalse();
        hours.IsOpen("bangkok", mondayTenLocal.AddDays(1)).Should().BeTrue();
        hours.NextOpening("bangkok", mondayTenLocal).Should().Be(new DateTimeOffset(2026, 12, 15, 2, 0, 0, TimeSpan.Zero));
        new OfficeHours(embedded, new HostCountryHolidays()).IsOpen("bangkok", mondayTenLocal).Should().BeTrue("the loaded calendar is unchanged");
        hours.IsOpen("bangkok", new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero)).Should().BeFalse("the closure days of the data still hold");
    }

    [Fact]
    public void Merging_closures_into_an_unknown_post_is_an_error()
    {
        var act = () => OfficeHoursCalendar.LoadEmbedded(Catalog.Value).WithClosures("atlantis", [new DateOnly(2026, 12, 14)]);

        act.Should().Throw<KeyNotFoundException>().WithMessage("*'atlantis'*");
    }

    private static IReadOnlySet<DateOnly> Read(string events) => ClosureDaysImport.Read(Calendar(events), Bangkok, From, To);

    private static string Calendar(string events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Consular Helpdesk//Tests//EN\r\n" + events + "END:VCALENDAR\r\n";

    private static string Event(params string[] lines) =>
        "BEGIN:VEVENT\r\nUID:" + Guid.NewGuid() + "\r\nSUMMARY:Closed\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n";
}
