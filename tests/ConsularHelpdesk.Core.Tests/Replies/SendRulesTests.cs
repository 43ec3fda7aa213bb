using System.ComponentModel.DataAnnotations;
using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsularHelpdesk.Replies;

public sealed class SendRulesTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 22, 0, 0, TimeSpan.Zero));

    private static SendRules Rules(bool humanAgent = true) => new(Options.Create(new BroadcastRuleOptions
    {
        UseHumanAgentTag = humanAgent,
        WhatsAppTemplates = new()
        {
            ["nl"] = new() { Name = "crisis_update", Language = "nl" },
            ["en"] = new() { Name = "crisis_update", Language = "en_US" },
        },
    }));

    [Theory]
    [InlineData(nameof(ChannelKind.WhatsApp), 0.5, nameof(SendMode.FreeForm))]
    [InlineData(nameof(ChannelKind.WhatsApp), 22.9, nameof(SendMode.FreeForm))]
    [InlineData(nameof(ChannelKind.WhatsApp), 23.1, nameof(SendMode.Template))] // inside Meta's 24 h, outside our margin
    [InlineData(nameof(ChannelKind.WhatsApp), 24 * 30, nameof(SendMode.Template))]
    [InlineData(nameof(ChannelKind.Messenger), 22.9, nameof(SendMode.FreeForm))]
    [InlineData(nameof(ChannelKind.Messenger), 23.1, nameof(SendMode.HumanAgentTag))]
    [InlineData(nameof(ChannelKind.Messenger), (7 * 24) - 1.1, nameof(SendMode.HumanAgentTag))]
    [InlineData(nameof(ChannelKind.Messenger), (7 * 24) - 0.9, nameof(SendMode.NotReachable))] // the tag's margin
    [InlineData(nameof(ChannelKind.Messenger), 24 * 9, nameof(SendMode.NotReachable))]
    public void A_broadcast_follows_the_platforms_windows_with_an_hours_margin(string channel, double hoursAgo, string mode)
    {
        var plan = Rules().Plan(Enum.Parse<ChannelKind>(channel), clock.GetUtcNow().AddHours(-hoursAgo), "nl", clock.GetUtcNow());

        plan.Mode.Should().Be(Enum.Parse<SendMode>(mode));
    }

    [Fact]
    public void Outside_the_window_a_whatsapp_citizen_gets_the_template_of_their_language()
    {
        var plan = Rules().Plan(ChannelKind.WhatsApp, clock.GetUtcNow().AddDays(-3), "en", clock.GetUtcNow());

        plan.Should().Be(new SendPlan(SendMode.Template, plan.Reason, "crisis_update", "en_US"));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    public void A_language_without_a_template_makes_its_whatsapp_citizens_not_reachable(string language)
    {
        var plan = Rules().Plan(ChannelKind.WhatsApp, clock.GetUtcNow().AddDays(-3), language, clock.GetUtcNow());

        plan.Mode.Should().Be(SendMode.NotReachable);
        plan.Reason.Should().Contain(language);
    }

    [Fact]
    public void A_citizen_of_another_language_is_written_to_in_english()
    {
        Rules().Plan(ChannelKind.WhatsApp, clock.GetUtcNow().AddDays(-3), "other", clock.GetUtcNow()).TemplateLanguage.Should().Be("en_US");
    }

    [Fact]
    public void Without_the_human_agent_tag_messenger_citizens_past_the_window_are_not_reachable()
    {
        Rules(humanAgent: false).Plan(ChannelKind.Messenger, clock.GetUtcNow().AddDays(-2), "nl", clock.GetUtcNow()).Mode.Should().Be(SendMode.NotReachable);
    }

    [Theory]
    [InlineData(nameof(ChannelKind.WhatsApp))]
    [InlineData(nameof(ChannelKind.Messenger))]
    public void The_window_moves_with_the_clock(string channel)
    {
        var last = clock.GetUtcNow();
        var rules = Rules();

        clock.Advance(TimeSpan.FromHours(22));
        rules.Plan(Enum.Parse<ChannelKind>(channel), last, "nl", clock.GetUtcNow()).Mode.Should().Be(SendMode.FreeForm);
        clock.Advance(TimeSpan.FromHours(2));
        rules.Plan(Enum.Parse<ChannelKind>(channel), last, "nl", clock.GetUtcNow()).Mode.Should().NotBe(SendMode.FreeForm);
    }

    [Theory]
    [InlineData("es", "crisis_update", "en")]
    [InlineData("nl", "Crisis Update", "nl")]
    [InlineData("nl", "crisis_update", "dutch")]
    public void A_template_setting_meta_would_refuse_fails_validation(string language, string name, string code)
    {
        var options = new BroadcastRuleOptions { WhatsAppTemplates = new() { [language] = new() { Name = name, Language = code } } };

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true).Should().BeFalse();
        errors.Should().ContainSingle().Which.ErrorMessage.Should().Contain($"Broadcasts:WhatsAppTemplates:{language}");
    }
}
