using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Notifications;

/// <summary>
/// The webhook channel: posts <see cref="WebhookPayload"/> to each URL configured for the recipient or their tier.
/// Retries (5xx, 429, unreachable) and the overall timeout are the HTTP client's resilience pipeline; a webhook that
/// still fails is logged (status or error type only) and given up, so that one receiver never stops the sweep.
/// A tier's webhook is posted once per notification of that tier, however many people it tells (a row in
/// <see cref="PageAlerts"/>' table records the send, as the alert itself does).
/// </summary>
internal sealed partial class NotificationWebhooks(HttpClient http, IOptions<NotificationOptions> options, GroupSends groupSends, ILogger<NotificationWebhooks> logger)
{
    public async Task SendAsync(Notification n, CancellationToken cancellationToken)
    {
        foreach (var hook in options.Value.Webhooks)
        {
            var forAgent = hook.AgentId is { Length: > 0 } agentId && agentId == n.RecipientId;
            var forTier = hook.Role is { Length: > 0 } role && role == n.RecipientRole;
            if (!(forAgent || (forTier && await groupSends.ClaimAsync(n, hook.Url!, cancellationToken))))
            {
                continue;
            }

            await PostAsync(hook.Url!, new WebhookPayload(n.PostId, n.Link, n.Reason, n.Level, n.RecipientRole, n.At), cancellationToken);
        }
    }

    private async Task PostAsync(Uri url, WebhookPayload payload, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(url, payload, NotificationJsonContext.Default.WebhookPayload, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused((int)response.StatusCode, payload.Reason, payload.Level);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Unreachable after the retries, or the overall timeout (Polly's TimeoutRejectedException): given up, logged.
            LogFailed(e.GetType().Name, payload.Reason, payload.Level);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification webhook answered {Status} after its retries ({Reason}, level {Level}); given up")]
    private partial void LogRefused(int status, string reason, int level);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification webhook failed ({Error}; {Reason}, level {Level}); given up")]
    private partial void LogFailed(string error, string reason, int level);
}
