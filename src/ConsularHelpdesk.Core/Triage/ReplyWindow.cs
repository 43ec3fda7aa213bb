using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Triage;

[JsonConverter(typeof(JsonStringEnumConverter<ReplyMode>))]
internal enum ReplyMode
{
    /// <summary>Free-form (WhatsApp within 24 h; Messenger RESPONSE within 24 h).</summary>
    [JsonStringEnumMemberName("free")]
    Free,

    /// <summary>Messenger 24 h – 7 days: MESSAGE_TAG HUMAN_AGENT.</summary>
    [JsonStringEnumMemberName("tag")]
    Tag,

    /// <summary>WhatsApp after 24 h: an approved template only.</summary>
    [JsonStringEnumMemberName("template")]
    Template,

    /// <summary>Messenger after 7 days (or never written): the citizen must write first.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,
}

/// <summary>What the platform allows us to send now, and why, in the agents' four languages.</summary>
internal sealed record ReplyWindow(ReplyMode Mode, DateTimeOffset? Until, IReadOnlyDictionary<string, string> Explanation)
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The platforms' rules, from the citizen's last message.</summary>
    public static ReplyWindow For(ChannelKind channel, DateTimeOffset? lastInbound, DateTimeOffset now)
    {
        if (lastInbound is { } last && now - last < Day)
        {
            return new(ReplyMode.Free, last + Day, Texts(
                "Vrij antwoord mogelijk tot 24 uur na het laatste bericht van de burger.",
                "Réponse libre possible jusqu'à 24 heures après le dernier message du citoyen.",
                "Freie Antwort bis 24 Stunden nach der letzten Nachricht des Bürgers möglich.",
                "Free-form reply possible until 24 hours after the citizen's last message."));
        }

        if (channel == ChannelKind.WhatsApp)
        {
            return new(ReplyMode.Template, null, Texts(
                "Meer dan 24 uur sinds het laatste bericht van de burger: WhatsApp laat enkel een goedgekeurd sjabloon toe.",
                "Plus de 24 heures depuis le dernier message du citoyen : WhatsApp n'autorise qu'un modèle approuvé.",
                "Mehr als 24 Stunden seit der letzten Nachricht des Bürgers: WhatsApp erlaubt nur eine genehmigte Vorlage.",
                "More than 24 hours since the citizen's last message: WhatsApp allows only an approved template."));
        }

        if (lastInbound is { } lastMessenger && now - lastMessenger < Week)
        {
            return new(ReplyMode.Tag, lastMessenger + Week, Texts(
                "Meer dan 24 uur: het antwoord gaat als menselijke medewerker (HUMAN_AGENT), tot 7 dagen na het laatste bericht.",
                "Plus de 24 heures : la réponse part comme agent humain (HUMAN_AGENT), jusqu'à 7 jours après le dernier message.",
                "Mehr als 24 Stunden: Die Antwort geht als menschlicher Mitarbeiter (HUMAN_AGENT), bis 7 Tage nach der letzten Nachricht.",
                "More than 24 hours: the reply goes as a human agent (HUMAN_AGENT), until 7 days after the last message."));
        }

        return new(ReplyMode.Closed, null, Texts(
            "Meer dan 7 dagen sinds het laatste bericht: Messenger laat geen antwoord toe tot de burger opnieuw schrijft.",
            "Plus de 7 jours depuis le dernier message : Messenger n'autorise aucune réponse avant que le citoyen n'écrive à nouveau.",
            "Mehr als 7 Tage seit der letzten Nachricht: Messenger erlaubt keine Antwort, bis der Bürger wieder schreibt.",
            "More than 7 days since the citizen's last message: Messenger allows no reply until the citizen writes again."));
    }

    private static Dictionary<string, string> Texts(string nl, string fr, string de, string en) =>
        new() { ["nl"] = nl, ["fr"] = fr, ["de"] = de, ["en"] = en };
}
