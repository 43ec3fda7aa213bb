using System.Text.Json;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Replies;

namespace ConsularHelpdesk.Privacy;

/// <summary>
/// What names a citizen in the places that hold them in clear (queue messages, webhook bodies, pending sends): their
/// user id and phone number (read from the contact before it is erased), their conversations and their contact key.
/// Kept in memory for one run only.
/// </summary>
internal sealed record CitizenIds(string ContactKey, IReadOnlySet<string> UserIds, IReadOnlySet<string> ConversationIds)
{
    /// <summary>
    /// True when a message of ours to send (the outbound queue, a pending send) or a media job is the citizen's, by its
    /// fields: the conversation, the recipient, the recipient's phone — never by what its text says (another citizen's
    /// reply may quote the number). A text that is neither is looked through whole (<see cref="AreIn"/>).
    /// </summary>
    public bool Own(string json)
    {
        try
        {
            if (JsonSerializer.Deserialize(json, OutboundJsonContext.Default.OutboundMessage) is { ReplyId: not null, ConversationId: not null } outbound)
            {
                return ConversationIds.Contains(outbound.ConversationId)
                    || (outbound.RecipientId is { } recipient && UserIds.Contains(recipient))
                    || (outbound.RecipientPhone is { } phone && UserIds.Contains(phone));
            }

            if (JsonSerializer.Deserialize(json, MediaJsonContext.Default.MediaJob) is { ConversationId: not null, RowKey: not null } job)
            {
                return ConversationIds.Contains(job.ConversationId);
            }
        }
        catch (JsonException)
        {
        }

        return AreIn(json);
    }

    /// <summary>True when a text names the citizen anywhere in it (a body that is not one of ours: kept to what nothing else can read).</summary>
    public bool AreIn(string text) =>
        text.Contains(ContactKey, StringComparison.Ordinal)
        || UserIds.Any(id => text.Contains(id, StringComparison.Ordinal))
        || ConversationIds.Any(id => text.Contains(id, StringComparison.Ordinal));
}
