using ConsularHelpdesk.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// The HTTP face of <see cref="WebhookReceiver"/>, shared by the self-host's endpoints and the Functions app's
/// triggers, so that both answer Meta alike: read what Meta sends, call the receiver, map the outcome.
/// </summary>
internal static class WebhookHttp
{
    /// <summary>GET: the challenge as text/plain (UTF-8, and the hosts add nosniff: the echo is whatever the caller sent), or 403.</summary>
    public static IResult Handshake(WebhookReceiver receiver, ChannelKind channel, HttpRequest request)
    {
        var challenge = receiver.Handshake(channel, request.Query["hub.mode"], request.Query["hub.verify_token"], request.Query["hub.challenge"]);
        return challenge is null ? TypedResults.StatusCode(StatusCodes.Status403Forbidden) : TypedResults.Text(challenge, "text/plain; charset=utf-8");
    }

    /// <summary>POST: 200 when queued, 401 bad signature, 413 too large, 503 storage unavailable.</summary>
    public static async Task<IResult> ReceiveAsync(WebhookReceiver receiver, ChannelKind channel, HttpRequest request)
    {
        // The receiver enforces the limit itself (and answers 413). Kestrel's own limit sits well above it, so that
        // Kestrel drains a moderately oversized body and the sender gets a clean 413 rather than a reset connection.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = 4L * WebhookReceiver.MaxBodyBytes;
        }

        var outcome = await receiver.ReceiveAsync(channel, request.Body, request.ContentLength, request.Headers[WebhookSignature.HeaderName], request.HttpContext.RequestAborted);
        return ToResult(outcome);
    }

    public static IResult ToResult(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Accepted => TypedResults.Ok(),
        WebhookOutcome.Unauthorized => TypedResults.Problem("Missing or invalid X-Hub-Signature-256.", statusCode: StatusCodes.Status401Unauthorized),
        WebhookOutcome.TooLarge => TypedResults.Problem($"The body is larger than {WebhookReceiver.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge),
        _ => TypedResults.Problem("Storage is unavailable; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable),
    };
}
