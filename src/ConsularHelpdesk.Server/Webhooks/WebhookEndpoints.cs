using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Server.Webhooks;

internal static class WebhookEndpoints
{
    /// <summary>GET (Meta's handshake) and POST (signed events) on /api/webhooks/whatsapp and /api/webhooks/messenger.</summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks");
        foreach (var (route, channel) in new[] { ("whatsapp", ChannelKind.WhatsApp), ("messenger", ChannelKind.Messenger) })
        {
            group.MapGet(route, (HttpRequest request, WebhookReceiver receiver) => WebhookHttp.Handshake(receiver, channel, request));
            group.MapPost(route, (HttpRequest request, WebhookReceiver receiver) => WebhookHttp.ReceiveAsync(receiver, channel, request));
        }

        return app;
    }
}
