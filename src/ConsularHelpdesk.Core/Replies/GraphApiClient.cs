using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Replies;

/// <summary>The outcome of one send: the platform's message id, or its error and whether a retry may help.</summary>
internal sealed record GraphSendResult(string? ChannelMessageId, int StatusCode, string? Error, bool Retryable)
{
    public bool Sent => ChannelMessageId is not null;
}

/// <summary>
/// Sends through Meta's Graph API: WhatsApp <c>POST /{phone-number-id}/messages</c>, Messenger
/// <c>POST /me/messages</c> with the page's token. Retries on 429 and 5xx happen in the HttpClient's
/// resilience handler; what still fails comes back as a result with Meta's error text.
/// </summary>
internal sealed class GraphApiClient(HttpClient http, IConfiguration configuration, OwnAccounts ownAccounts)
{
    /// <param name="attachmentLink">A short-lived link to the message's attachment, for Meta to fetch.</param>
    public async Task<GraphSendResult> SendAsync(OutboundMessage message, Uri? attachmentLink, CancellationToken cancellationToken)
    {
        var result = await SendOnceAsync(message, attachmentLink, cancellationToken);
        if (result is { Sent: false, StatusCode: (int)HttpStatusCode.BadRequest } && message is { Channel: ChannelKind.Messenger, ReplyToMessageId.Length: > 0 }
            && result.Error?.Contains("reply_to", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Meta's page/messages reference lists reply_to beside recipient and message but documents none of its
            // fields (docs/architecture.md): should Meta refuse the quote, the answer still goes out, without it.
            return await SendOnceAsync(message with { ReplyToMessageId = null }, attachmentLink, cancellationToken);
        }

        return result;
    }

    private async Task<GraphSendResult> SendOnceAsync(OutboundMessage message, Uri? attachmentLink, CancellationToken cancellationToken)
    {
        if (ownAccounts.IsOurs(message.RecipientId) || ownAccounts.IsOurs(message.RecipientPhone) || message.RecipientId == message.ChannelAccountId)
        {
            // A page or number of ours is never a citizen: sending there would be the help desk writing to itself.
            return new(null, 0, "Not sent: the recipient is one of our own pages, numbers or accounts.", Retryable: false);
        }

        var (path, token, body) = message.Channel == ChannelKind.WhatsApp ? WhatsApp(message, attachmentLink) : Messenger(message, attachmentLink);
        if (string.IsNullOrEmpty(token))
        {
            return new(null, 0, message.Channel == ChannelKind.WhatsApp
                ? "No access token: set WhatsApp:AccessToken."
                : $"No page access token: set Messenger:PageAccessTokens:{message.ChannelAccountId} or Messenger:PageAccessToken.", Retryable: false);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new(null, 0, $"Graph API unreachable ({e.HttpRequestError}).", Retryable: true);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = TryParse(text);
            if (response.IsSuccessStatusCode)
            {
                var id = message.Channel == ChannelKind.WhatsApp
                    ? json?["messages"]?[0]?["id"]?.GetValue<string>()
                    : json?["message_id"]?.GetValue<string>();
                return id is null
                    ? new(null, (int)response.StatusCode, "The Graph API answered without a message id.", Retryable: false)
                    : new(id, (int)response.StatusCode, null, Retryable: false);
            }

            var error = json?["error"];
            var description = error is null
                ? $"HTTP {(int)response.StatusCode}"
                : $"{error["message"]?.GetValue<string>()} (code {error["code"]?.ToJsonString()})";
            var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            return new(null, (int)response.StatusCode, description, retryable);
        }
    }

    private (string Path, string? Token, JsonObject Body) WhatsApp(OutboundMessage m, Uri? attachmentLink)
    {
        var body = new JsonObject { ["messaging_product"] = "whatsapp", ["recipient_type"] = "individual" };
        // A citizen who hides their number has only a business-scoped user id to send to.
        if (m.RecipientPhone is { Length: > 0 } phone)
        {
            body["to"] = phone;
        }
        else
        {
            body["recipient"] = m.RecipientId;
        }

        if (m.Attachment is { } file && attachmentLink is not null)
        {
            var image = AttachmentStore.IsImage(file.ContentType);
            var media = new JsonObject { ["link"] = attachmentLink.ToString() };
            if (m.Text.Length > 0)
            {
                media["caption"] = m.Text;
            }

            if (!image)
            {
                media["filename"] = file.Name;
            }

            body["type"] = image ? "image" : "document";
            body[image ? "image" : "document"] = media;
        }
        else if (m.WhatsAppTemplate is { } template)
        {
            // Outside the 24-hour window only an approved template may go out.
            body["type"] = "template";
            var templateBody = new JsonObject { ["name"] = template, ["language"] = new JsonObject { ["code"] = m.TemplateLanguage ?? "en" } };
            if (m.TemplateParameter is { Length: > 0 } parameter)
            {
                // The template's body has one variable ({{1}}): the text, already cleaned of what Meta refuses there.
                templateBody["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = "body",
                    ["parameters"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = parameter }),
                });
            }

            body["template"] = templateBody;
        }
        else if (m.QuickReplies.Count == 0 || m.Text.Length > LanguageChoice.WhatsAppBodyLimit)
        {
            // An interactive message's body holds 1,024 characters: a longer text goes as text (what composes one keeps within).
            body["type"] = "text";
            body["text"] = new JsonObject { ["body"] = m.Text };
        }
        else if (m.QuickReplies.Count > 3)
        {
            // More than three reply buttons: a list message (up to ten rows of 24 characters behind one button of 20).
            var rows = new JsonArray();
            foreach (var reply in m.QuickReplies.Take(10))
            {
                rows.Add(new JsonObject { ["id"] = reply.Payload, ["title"] = Clip(reply.Title, 24) });
            }

            body["type"] = "interactive";
            body["interactive"] = new JsonObject
            {
                ["type"] = "list",
                ["body"] = new JsonObject { ["text"] = m.Text },
                ["action"] = new JsonObject
                {
                    ["button"] = Clip(m.ChoicesLabel ?? m.QuickReplies[0].Title, 20),
                    ["sections"] = new JsonArray(new JsonObject { ["rows"] = rows }),
                },
            };
        }
        else
        {
            // WhatsApp allows three reply buttons of at most 20 characters.
            var buttons = new JsonArray();
            foreach (var reply in m.QuickReplies.Take(3))
            {
                buttons.Add(new JsonObject { ["type"] = "reply", ["reply"] = new JsonObject { ["id"] = reply.Payload, ["title"] = Clip(reply.Title, 20) } });
            }

            body["type"] = "interactive";
            body["interactive"] = new JsonObject
            {
                ["type"] = "button",
                ["body"] = new JsonObject { ["text"] = m.Text },
                ["action"] = new JsonObject { ["buttons"] = buttons },
            };
        }

        if (m.ReplyToMessageId is { Length: > 0 } repliesTo)
        {
            // The citizen sees the message this one answers quoted above it.
            body["context"] = new JsonObject { ["message_id"] = repliesTo };
        }

        return ($"{m.ChannelAccountId}/messages", configuration["WhatsApp:AccessToken"], body);
    }

    private (string Path, string? Token, JsonObject Body) Messenger(OutboundMessage m, Uri? attachmentLink)
    {
        // Echoed back by Messenger: the echo then finds this message instead of being recorded a second time.
        var message = new JsonObject { ["metadata"] = MessageLog.EchoMetadata(m.ConversationId, m.MessageRowKey) };
        if (m.Attachment is { } file && attachmentLink is not null)
        {
            // Messenger sends a file without a caption: the triage service sends the text as a message of its own.
            message["attachment"] = new JsonObject
            {
                ["type"] = AttachmentStore.IsImage(file.ContentType) ? "image" : "file",
                ["payload"] = new JsonObject { ["url"] = attachmentLink.ToString(), ["is_reusable"] = false },
            };
        }
        else
        {
            message["text"] = m.Text;
        }

        if (m.QuickReplies.Count > 0)
        {
            var replies = new JsonArray();
            foreach (var reply in m.QuickReplies.Take(13))
            {
                replies.Add(new JsonObject { ["content_type"] = "text", ["title"] = Clip(reply.Title, 20), ["payload"] = reply.Payload });
            }

            message["quick_replies"] = replies;
        }

        var body = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = m.RecipientId },
            // A broadcast inside the 24 hours is no answer to the citizen's message: Meta calls that an UPDATE.
            ["messaging_type"] = m.MessengerTag is not null ? "MESSAGE_TAG" : m.Broadcast is not null ? "UPDATE" : "RESPONSE",
            ["message"] = message,
        };
        if (m.ReplyToMessageId is { Length: > 0 } repliesTo)
        {
            // The Send API's reply_to (a sibling of recipient and message in the Graph API's page/messages reference; its
            // mid is not documented there, SendAsync sends again without it if Meta names it in a 400): the citizen
            // sees the message this one answers quoted above it.
            body["reply_to"] = new JsonObject { ["mid"] = repliesTo };
        }

        if (m.MessengerTag is { } tag)
        {
            body["tag"] = tag; // HUMAN_AGENT: a person answers, up to 7 days after the citizen's last message
        }

        var token = configuration[$"Messenger:PageAccessTokens:{m.ChannelAccountId}"] ?? configuration["Messenger:PageAccessToken"];
        return ("me/messages", token, body);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
