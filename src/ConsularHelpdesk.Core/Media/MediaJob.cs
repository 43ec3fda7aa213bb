namespace ConsularHelpdesk.Media;

/// <summary>One message of the <c>media</c> queue: download the attachments of this citizen's message row.</summary>
internal sealed record MediaJob(string ConversationId, string RowKey, Channels.ChannelKind Channel);
