using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsularHelpdesk.Server.Webhooks;

internal static class WebhookEndpoints
{
    /// <summary>GET (Meta's handshake) and POST (signed events) on /api/webhooks/whatsapp and /api/webhooks/messenger.</summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks");
        foreach (var (route, channel) in new[] { ("whatsapp", ChannelKind.WhatsApp), ("messenger", ChannelKind.Messenger) })
        {
            group.MapGet(route, (HttpRequest request, WebhookReceiver receiver) => Handshake(channel, request, receiver));
            group.MapPost(route, (HttpContext context, WebhookReceiver receiver) => ReceiveAsync(channel, context, receiver));
        }

        return app;
    }

    private static Results<ContentHttpResult, StatusCodeHttpResult> Handshake(ChannelKind channel, HttpRequest request, WebhookReceiver receiver)
    {
        var challenge = receiver.Handshake(channel, request.Query["hub.mode"], request.Query["hub.verify_token"], request.Query["hub.challenge"]);
        return challenge is null ? TypedResults.StatusCode(StatusCodes.Status403Forbidden) : TypedResults.Text(challenge, "text/plain");
    }

    private static async Task<IResult> ReceiveAsync(ChannelKind channel, HttpContext context, WebhookReceiver receiver)
    {
        // The receiver enforces the limit itself (and answers 413). Kestrel's own limit sits well above it, so that
        // Kestrel drains a moderately oversized body and the sender gets a clean 413 rather than a reset connection.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 4L * WebhookReceiver.MaxBodyBytes;
        }

        var request = context.Request;
        var outcome = await receiver.ReceiveAsync(channel, request.Body, request.ContentLength, request.Headers[WebhookSignature.HeaderName], context.RequestAborted);
        return outcome.ToResult();
    }

    public static IResult ToResult(this WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Accepted => TypedResults.Ok(),
        WebhookOutcome.Unauthorized => TypedResults.Problem("Missing or invalid X-Hub-Signature-256.", statusCode: StatusCodes.Status401Unauthorized),
        WebhookOutcome.TooLarge => TypedResults.Problem($"The body is larger than {WebhookReceiver.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge),
        _ => TypedResults.Problem("Storage is unavailable; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable),
    };
}
