using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing.Text;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// The platforms' rules for a message we start (a broadcast), from the citizen's last message: WhatsApp free-form inside
/// the window, else the approved template of the citizen's language, else not reachable; Messenger free-form inside the
/// window, else the HUMAN_AGENT tag up to its window where allowed, else not reachable. A pure function of its inputs.
/// </summary>
internal sealed class SendRules(IOptions<BroadcastRuleOptions> options)
{
    public SendPlan Plan(ChannelKind channel, DateTimeOffset? lastInbound, string? language, DateTimeOffset now)
    {
        var o = options.Value;
        var since = lastInbound is { } last ? now - last : (TimeSpan?)null;
        if (since is { } inside && inside < o.FreeFormWindow)
        {
            return new(SendMode.FreeForm, "inside the free-form window");
        }

        if (channel == ChannelKind.WhatsApp)
        {
            var lang = Languages.ReplyLanguage(language ?? Languages.Unknown);
            return o.WhatsAppTemplates.TryGetValue(lang, out var template) && template is { Name: { } name, Language: { } code }
                ? new(SendMode.Template, "outside the free-form window: template", name, code)
                : new(SendMode.NotReachable, $"outside the free-form window and no template for {lang}");
        }

        if (since is { } week && week < o.HumanAgentWindow)
        {
            return o.UseHumanAgentTag
                ? new(SendMode.HumanAgentTag, "outside the free-form window: HUMAN_AGENT tag")
                : new(SendMode.NotReachable, "outside the free-form window and the HUMAN_AGENT tag is off");
        }

        return new(SendMode.NotReachable, lastInbound is null ? "the citizen never wrote" : "outside the HUMAN_AGENT window");
    }
}
