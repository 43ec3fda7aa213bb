using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Http;
using ConsularHelpdesk.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Webhooks;

/// <summary>
/// Meta's webhooks: GET is the subscription handshake, POST the signed events (/api/webhooks/whatsapp and
/// /api/webhooks/messenger). Anonymous, because Meta cannot send a function key: the X-Hub-Signature-256 HMAC
/// over the body is the authentication, checked by the core.
/// </summary>
public sealed class WebhookFunctions(WebhookReceiver receiver)
{
    [Function("WhatsAppWebhook")]
    public Task<IResult> WhatsAppAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "webhooks/whatsapp")] HttpRequest request) =>
        HandleAsync(ChannelKind.WhatsApp, request);

    [Function("MessengerWebhook")]
    public Task<IResult> MessengerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "webhooks/messenger")] HttpRequest request) =>
        HandleAsync(ChannelKind.Messenger, request);

    private Task<IResult> HandleAsync(ChannelKind channel, HttpRequest request)
    {
        SecurityHeaders.Apply(request.HttpContext.Response);
        return HttpMethods.IsGet(request.Method)
            ? Task.FromResult(WebhookHttp.Handshake(receiver, channel, request))
            : WebhookHttp.ReceiveAsync(receiver, channel, request);
    }
}
