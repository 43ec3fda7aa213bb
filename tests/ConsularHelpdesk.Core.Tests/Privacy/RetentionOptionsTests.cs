using System.ComponentModel.DataAnnotations;
using ConsularHelpdesk.Privacy;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Privacy;

/// <summary>The retention periods as the hosts bind and validate them at start.</summary>
public sealed class RetentionOptionsTests
{
    [Fact]
    public void By_default_closed_conversations_are_kept_180_days_and_unanswered_ones_30()
    {
        var options = Bind([]);

        (options.ClosedDays, options.UnansweredDays, options.Enabled).Should().Be((180, 30, true));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("180", "0")]
    [InlineData("30", "31")]
    [InlineData("180", "-1")]
    public void A_period_under_a_day_or_an_unanswered_period_longer_than_the_closed_one_stops_the_host(string closed, string unanswered)
    {
        var act = () => Bind(new() { ["Retention:ClosedDays"] = closed, ["Retention:UnansweredDays"] = unanswered });

        act.Should().Throw<OptionsValidationException>();
    }

    [Fact]
    public void The_same_period_for_both_is_allowed()
    {
        var errors = new List<ValidationResult>();
        var options = new RetentionOptions { ClosedDays = 30, UnansweredDays = 30 };

        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true).Should().BeTrue();
    }

    [Theory]
    [InlineData(true, null, null, true)]
    [InlineData(true, "2026-01-01T00:00:00Z", null, false)]
    [InlineData(false, null, null, false)]
    [InlineData(true, "2026-01-01T00:00:00Z", "visa, SPAM", true)]
    [InlineData(false, null, "spam", true)]
    public void The_shorter_period_takes_conversations_no_person_answered_and_those_tagged_spam(bool tracked, string? answeredAt, string? tags, bool expected)
    {
        var header = new ThreadHeaderEntity { AnswerTracked = tracked, AnsweredAt = answeredAt is null ? null : DateTimeOffset.Parse(answeredAt, System.Globalization.CultureInfo.InvariantCulture), Tags = tags };

        ShortRetention.Applies(header).Should().Be(expected);
    }

    private static RetentionOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations();
        return services.BuildServiceProvider().GetRequiredService<IOptions<RetentionOptions>>().Value;
    }
}
