using System.Text;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Coverage;

/// <summary>
/// Office hours from the real data file and the real post catalogue: weeks in the post's zone, daylight saving,
/// weekends by country, host-country holidays, closure days, and the loader naming the row it rejects.
/// </summary>
public sealed class OfficeHoursTests
{
    private static readonly Lazy<PostCatalog> Catalog = new(PostCatalog.LoadEmbedded);

    private static OfficeHours Hours(OfficeHoursCalendar? calendar = null) =>
        new(calendar ?? OfficeHoursCalendar.LoadEmbedded(Catalog.Value), new HostCountryHolidays());

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Bangkok_is_closed_at_three_on_Sunday_night_and_opens_on_Monday_at_nine_local()
    {
        var hours = Hours();
        var sundayThreeLocal = Utc(2026, 11, 28, 20); // Sunday 29 November, 03:00 in Bangkok (UTC+7)

        hours.IsOpen("bangkok", sundayThreeLocal).Should().BeFalse();
        hours.NextOpening("bangkok", sundayThreeLocal).Should().Be(Utc(2026, 11, 30, 2));
    }

    [Fact]
    public void A_post_closes_for_lunch_and_opens_again_after_it()
    {
        var hours = Hours();

        hours.IsOpen("bangkok", Utc(2026, 11, 30, 5, 29)).Should().BeTrue("12:29 in Bangkok is in the morning slot");
        hours.IsOpen("bangkok", Utc(2026, 11, 30, 5, 30)).Should().BeFalse("the morning slot ends at 12:30");
        hours.NextOpening("bangkok", Utc(2026, 11, 30, 5, 45)).Should().Be(Utc(2026, 11, 30, 6, 30));
        hours.IsOpen("bangkok", Utc(2026, 11, 30, 6, 30)).Should().BeTrue("the afternoon slot starts at 13:30");
    }

    [Fact]
    public void Riyadh_is_closed_on_Friday_and_open_on_Sunday()
    {
        var hours = Hours();
        var fridayTenLocal = Utc(2026, 11, 27, 7); // Riyadh is UTC+3

        hours.IsOpen("riyadh", fridayTenLocal).Should().BeFalse();
        hours.NextOpening("riyadh", fridayTenLocal).Should().Be(Utc(2026, 11, 29, 6));
        hours.IsOpen("riyadh", Utc(2026, 11, 29, 7)).Should().BeTrue();
    }

    [Fact]
    public void A_Belgian_public_holiday_closes_a_post_in_Belgium_but_not_the_central_desk()
    {
        var hours = Hours();
        var nationalDayTenLocal = Utc(2026, 7, 21, 8); // Tuesday 21 July, 10:00 in Brussels (UTC+2)

        hours.IsOpen("brussels-eu", nationalDayTenLocal).Should().BeFalse();
        hours.NextOpening("brussels-eu", nationalDayTenLocal).Should().Be(Utc(2026, 7, 22, 7));
        hours.IsOpen("brussels-eu", Utc(2026, 7, 14, 8)).Should().BeTrue("14 July is no holiday in Belgium");
        hours.IsOpen("central", nationalDayTenLocal).Should().BeTrue();
    }

    [Fact]
    public void A_French_public_holiday_closes_the_posts_in_France()
    {
        var hours = Hours();
        var bastilleDayTenLocal = Utc(2026, 7, 14, 8); // Tuesday 14 July, 10:00 in Paris (UTC+2)

        hours.IsOpen("paris", bastilleDayTenLocal).Should().BeFalse();
        hours.IsOpen("marseille", bastilleDayTenLocal).Should().BeFalse();
        hours.NextOpening("paris", bastilleDayTenLocal).Should().Be(Utc(2026, 7, 15, 7));
    }

    [Fact]
    public void Opening_at_nine_in_Paris_moves_from_eight_to_seven_UTC_when_summer_time_starts()
    {
        var hours = Hours();

        hours.NextOpening("paris", Utc(2026, 3, 27, 6)).Should().Be(Utc(2026, 3, 27, 8), "on Friday 27 March Paris is UTC+1");
        hours.NextOpening("paris", Utc(2026, 3, 28, 12)).Should().Be(Utc(2026, 3, 30, 7), "summer time starts on Sunday 29 March: UTC+2");
        hours.IsOpen("paris", Utc(2026, 3, 27, 7, 30)).Should().BeFalse();
        hours.IsOpen("paris", Utc(2026, 3, 30, 7, 30)).Should().BeTrue();
    }

    [Fact]
    public void The_central_desk_is_always_open()
    {
        var hours = Hours();
        var instants = Enumerable.Range(0, 24 * 7 * 2).Select(i => Utc(2026, 12, 19, 0).AddMinutes(i * 37)) // weekends and Christmas
            .Append(Utc(2026, 3, 29, 1, 30)) // the hour summer time skips in Brussels
            .Append(Utc(2026, 1, 1, 0));

        instants.Should().OnlyContain(t => hours.IsOpen("central", t));
        hours.NextOpening("central", Utc(2026, 12, 25, 3)).Should().Be(Utc(2026, 12, 25, 3));
    }

    [Fact]
    public void A_closure_day_from_the_data_closes_the_post()
    {
        var hours = Hours();
        var mondayTenLocal = Utc(2026, 12, 7, 3); // Monday 7 December in Bangkok, a closure day in office-hours.json

        hours.IsOpen("bangkok", mondayTenLocal).Should().BeFalse();
        hours.NextOpening("bangkok", mondayTenLocal).Should().Be(Utc(2026, 12, 8, 2));
        hours.IsOpen("bangkok", Utc(2026, 11, 30, 3)).Should().BeTrue("the Monday before is an ordinary day");
    }

    [Fact]
    public void A_slot_that_starts_in_the_hour_summer_time_skips_opens_when_the_clock_resumes()
    {
        var hours = Hours(Load("""{ "defaultWeek": {}, "posts": [ { "post": "paris", "week": { "sunday": ["02:30-05:00"] } } ] }"""));

        // On 29 March 2026 Paris goes from 02:00 straight to 03:00 (UTC+2): 03:00 local is 01:00 UTC.
        hours.NextOpening("paris", Utc(2026, 3, 28, 12)).Should().Be(Utc(2026, 3, 29, 1));
        hours.IsOpen("paris", Utc(2026, 3, 29, 1)).Should().BeTrue();
        hours.IsOpen("paris", Utc(2026, 3, 29, 0, 59)).Should().BeFalse("01:59 UTC+1 is before the clock jumps");
    }

    [Fact]
    public void AddCoverage_registers_office_hours_and_loads_them_when_the_host_starts()
    {
        // Storage for the closure days administrators store (not reached: the stored ones are read when the host starts).
        var storage = new Storage.StorageClients(Microsoft.Extensions.Options.Options.Create(new Storage.StorageOptions()), []);
        using var provider = new ServiceCollection().AddSingleton(Catalog.Value).AddSingleton(storage).AddSingleton(TimeProvider.System).AddCoverage().BuildServiceProvider();

        provider.GetServices<IHostedService>().Should().ContainSingle(s => s is OfficeHoursWarmup);
        provider.GetRequiredService<OfficeHours>().IsOpen("central", Utc(2026, 12, 25, 3)).Should().BeTrue();
    }

    [Fact]
    public void A_post_that_never_opens_has_no_next_opening()
    {
        var hours = Hours(Load("""{ "defaultWeek": {}, "posts": [ { "post": "bangkok", "week": { "monday": [] } } ] }"""));

        hours.IsOpen("bangkok", Utc(2026, 11, 30, 3)).Should().BeFalse();
        hours.NextOpening("bangkok", Utc(2026, 11, 30, 3)).Should().BeNull();
    }

    [Fact]
    public void The_hours_of_an_unknown_post_are_an_error()
    {
        var act = () => Hours().IsOpen("atlantis", Utc(2026, 11, 30, 3));

        act.Should().Throw<KeyNotFoundException>().WithMessage("*'atlantis'*");
    }

    [Theory]
    [InlineData("""{ "defaultWeek": {}, "posts": [ { "post": "atlantis", "week": {} } ] }""", "post #1 ('atlantis'): unknown post 'atlantis'*")]
    [InlineData("""{ "defaultWeek": {}, "closures": [ { "post": "bangkok", "date": "2026-12-07" }, { "post": "atlantis", "date": "2026-12-08" } ] }""", "closure #2 ('atlantis', 2026-12-08): unknown post*")]
    [InlineData("""{ "defaultWeek": {}, "closures": [ { "post": "bangkok", "date": "7/12/2026" } ] }""", "closure #1 ('bangkok', 7/12/2026): 'date' must be*")]
    [InlineData("""{ "defaultWeek": {}, "posts": [ { "post": "paris", "week": { "monday": ["17:00-09:00"] } } ] }""", "post #1 ('paris') monday: slot '17:00-09:00' ends before it starts.")]
    [InlineData("""{ "defaultWeek": {}, "countries": [ { "country": "SA", "week": { "sunday": ["09:00-13:00", "12:30-17:00"] } } ] }""", "country #1 ('SA') sunday: the slots 09:00-13:00 and 12:30-17:00 overlap.")]
    [InlineData("""{ "defaultWeek": { "monday": ["9h-17h"] } }""", "defaultWeek monday: slot '9h-17h' must be written*")]
    [InlineData("""{ "defaultWeek": {}, "posts": [ { "post": "paris", "timeZone": "Europe/Atlantis" } ] }""", "post #1 ('paris'): unknown time zone 'Europe/Atlantis'*")]
    [InlineData("""{ "defaultWeek": {}, "posts": [ { "post": "paris", "timeZone": "Romance Standard Time" } ] }""", "post #1 ('paris'): unknown time zone*")]
    [InlineData("""{ "defaultWeek": {}, "posts": [ { "post": "paris", "week": { "maandag": ["09:00-17:00"] } } ] }""", "post #1 ('paris'): unknown weekday 'maandag'*")]
    [InlineData("""{ "defaultWeek": {}, "countries": [ { "country": "Saudi Arabia", "week": {} } ] }""", "country #1 ('Saudi Arabia'): 'country' must be two capital letters*")]
    public void The_loader_rejects_a_bad_row_and_names_it(string json, string message)
    {
        var act = () => Load(json);

        act.Should().Throw<InvalidDataException>().WithMessage($"{OfficeHoursCalendar.File} {message}");
    }

    [Fact]
    public void The_embedded_data_loads_for_every_post_of_the_catalogue()
    {
        var calendar = OfficeHoursCalendar.LoadEmbedded(Catalog.Value);

        Catalog.Value.Posts.Should().OnlyContain(p => calendar.For(p.Id).TimeZone.Id == p.TimeZone);
        HostCountryHolidays.Covers("BE").Should().BeTrue();
        HostCountryHolidays.Covers("TH").Should().BeFalse("Thailand's closure days are data");
    }

    private static OfficeHoursCalendar Load(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return OfficeHoursCalendar.Load(stream, Catalog.Value);
    }
}
