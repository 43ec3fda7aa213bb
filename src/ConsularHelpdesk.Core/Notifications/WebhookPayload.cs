using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Notifications;

/// <summary>
/// What a webhook receives: no phone number, user id, name or message text, only where to look (post, link to the
/// conversation in the triage page), why and how far it escalated; Teams, e-mail or paging can be attached to it.
/// </summary>
internal sealed record WebhookPayload(string Post, string Conversation, string Reason, int Level, string Role, DateTimeOffset At);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
