namespace ConsularHelpdesk.Replies;

/// <summary>How a message we start may reach a citizen now.</summary>
internal enum SendMode
{
    /// <summary>Free-form: inside the platform's 24-hour window.</summary>
    FreeForm,

    /// <summary>WhatsApp outside the window: the approved template of the citizen's language, the text as its parameter.</summary>
    Template,

    /// <summary>Messenger between 24 hours and 7 days: the HUMAN_AGENT message tag.</summary>
    HumanAgentTag,

    /// <summary>Nothing may be sent (counted, never skipped silently).</summary>
    NotReachable,
}

/// <summary>The decision for one citizen: the mode, the template when one is used, and why in a few words (not personal).</summary>
internal sealed record SendPlan(SendMode Mode, string Reason, string? TemplateName = null, string? TemplateLanguage = null);
