using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// What the platforms allow a message we start (a broadcast) and how we keep to it (section <c>Broadcasts</c>), read
/// by <see cref="SendRules"/>. Validated at start: a template name or language code Meta would refuse stops the host.
/// </summary>
internal sealed partial class BroadcastRuleOptions : IValidatableObject
{
    public const string Section = "Broadcasts";

    /// <summary>
    /// How long after the citizen's last message we still send free-form. Meta allows 24 hours; the default keeps an
    /// hour's margin, because a broadcast is queued and paced and may leave minutes after it was decided.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FreeFormWindow { get; set; } = TimeSpan.FromHours(23);

    /// <summary>Messenger: how long after the citizen's last message the HUMAN_AGENT tag is used (Meta: 7 days; an hour's margin).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan HumanAgentWindow { get; set; } = TimeSpan.FromDays(7) - TimeSpan.FromHours(1);

    /// <summary>
    /// Messenger between <see cref="FreeFormWindow"/> and <see cref="HumanAgentWindow"/>: send with the HUMAN_AGENT tag
    /// (the page needs Meta's Human Agent permission). False: those citizens are not reachable.
    /// </summary>
    public bool UseHumanAgentTag { get; set; } = true;

    /// <summary>
    /// WhatsApp outside <see cref="FreeFormWindow"/>: the approved template per citizen language (nl, fr, de, en), whose
    /// body has one parameter that receives the broadcast's text. A language without one: its citizens are not reachable.
    /// </summary>
    public Dictionary<string, WhatsAppTemplateSetting> WhatsAppTemplates { get; set; } = [];

    /// <summary>The most characters the template's body parameter carries (Meta: the whole body at most 1,024).</summary>
    [Range(1, 1024)]
    public int TemplateParameterLimit { get; set; } = 900;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (language, template) in WhatsAppTemplates)
        {
            if (!Languages.Supported.Contains(language))
            {
                yield return new($"Broadcasts:WhatsAppTemplates:{language}: the language must be nl, fr, de or en.");
            }

            if (template.Name is not { } name || !TemplateName().IsMatch(name))
            {
                yield return new($"Broadcasts:WhatsAppTemplates:{language}:Name must be a template name (lowercase letters, digits, underscores).");
            }

            if (template.Language is not { } code || !LanguageCode().IsMatch(code))
            {
                yield return new($"Broadcasts:WhatsAppTemplates:{language}:Language must be the template's language code (nl, fr, de, en_US…).");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$")]
    private static partial Regex LanguageCode();
}

/// <summary>An approved WhatsApp template: its name and its language code as approved (<c>en_US</c>, <c>nl</c>).</summary>
internal sealed class WhatsAppTemplateSetting
{
    public string? Name { get; set; }

    public string? Language { get; set; }
}
