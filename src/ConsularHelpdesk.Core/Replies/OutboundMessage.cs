using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// A message to send, as queued: it points at its row in the thread (which records the outcome), so that a
/// redelivery finds it already sent. <see cref="ReplyId"/> is the idempotency key. <see cref="PendingKey"/> is its row
/// in the pending-sends index, which the sender removes when done (null: not tracked, e.g. a retried reply whose
/// first attempt's row the sweep clears). <see cref="TemplateParameter"/> is the text a template's body parameter
/// carries (cleaned for Meta's rules, <see cref="Replies.TemplateParameter"/>); <see cref="Broadcast"/> names the
/// broadcast and recipient a message belongs to (<c>{broadcast id}|{recipient row}</c>), so that the sender checks the
/// broadcast was not cancelled and records the recipient's state. <see cref="ChoicesLabel"/> is the label of the button
/// that opens WhatsApp's list when there are more than three <see cref="QuickReplies"/>.
/// </summary>
internal sealed record OutboundMessage(
    string ReplyId,
    string ConversationId,
    string MessageRowKey,
    ChannelKind Channel,
    string ChannelAccountId,
    string RecipientId,
    string? RecipientPhone,
    string Text,
    IReadOnlyList<QuickReply> QuickReplies,
    string? MessengerTag = null,
    string? WhatsAppTemplate = null,
    string? TemplateLanguage = null,
    AttachmentRef? Attachment = null,
    string? PendingKey = null,
    string? TemplateParameter = null,
    string? Broadcast = null,
    string? ReplyToMessageId = null,
    string? ChoicesLabel = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(AttachmentRef))]
internal sealed partial class OutboundJsonContext : JsonSerializerContext;
