using System.Net.Http.Headers;
using System.Text;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Server.Simulation;

/// <summary>Posts signed webhook bodies to a running help desk, as Meta would.</summary>
internal sealed class CitizenSimulator(HttpClient http, Func<ChannelKind, string> appSecret)
{
    public async Task<HttpResponseMessage> SendAsync(ChannelKind channel, string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/webhooks/{channel.ToString().ToLowerInvariant()}")
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(bytes, appSecret(channel)));
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// The demo conversations: a text, a location, a photo (WhatsApp also a voice note) and a reply to a button, on each
    /// channel asked for; the files are the fake Graph API's (<paramref name="graph"/>: its address). On
    /// WhatsApp the citizen names the city (routed by the text); on Messenger they do not (asked where they are,
    /// in French), then share their location in Dakar (routed there).
    /// </summary>
    public static IEnumerable<(ChannelKind Channel, string Kind, string Body)> DemoMessages(IEnumerable<ChannelKind> channels, string? text, TimeProvider time, Uri graph)
    {
        var now = time.GetUtcNow();
        const string waId = "32470000001";
        const string psid = "7000000000000001";
        foreach (var channel in channels)
        {
            if (channel == ChannelKind.WhatsApp)
            {
                yield return (channel, "text", CitizenPayloads.WhatsApp(waId, "Demo Citizen", now, CitizenPayloads.WhatsAppText(text ?? "Hello, my passport was stolen in Lisbon. What should I do?")));
                yield return (channel, "location", CitizenPayloads.WhatsApp(waId, "Demo Citizen", now.AddSeconds(1), CitizenPayloads.WhatsAppLocation(38.7223, -9.1393, "Lisboa")));
                yield return (channel, "image", CitizenPayloads.WhatsApp(waId, "Demo Citizen", now.AddSeconds(2), CitizenPayloads.WhatsAppImage("Police report")));
                yield return (channel, "voice", CitizenPayloads.WhatsApp(waId, "Demo Citizen", now.AddSeconds(3), CitizenPayloads.WhatsAppMedia("audio", DemoMedia.VoiceNoteId, "audio/ogg; codecs=opus", voice: true)));
                yield return (channel, "button", CitizenPayloads.WhatsApp(waId, "Demo Citizen", now.AddSeconds(4), CitizenPayloads.WhatsAppButtonReply("LANG:en", "English")));
            }
            else
            {
                yield return (channel, "text", CitizenPayloads.Messenger(psid, now, CitizenPayloads.MessengerText(text ?? "Bonjour, j'ai perdu mon passeport, pouvez-vous m'aider ?")));
                yield return (channel, "location", CitizenPayloads.Messenger(psid, now.AddSeconds(1), CitizenPayloads.MessengerLocation(14.7167, -17.4677)));
                yield return (channel, "image", CitizenPayloads.Messenger(psid, now.AddSeconds(2), CitizenPayloads.MessengerImage(graph)));
                yield return (channel, "button", CitizenPayloads.Messenger(psid, now.AddSeconds(3), CitizenPayloads.MessengerQuickReply("Français", "LANG:fr")));
            }
        }
    }
}
