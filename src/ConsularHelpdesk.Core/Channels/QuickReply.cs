namespace ConsularHelpdesk.Channels;

/// <summary>A choice offered with a message: a WhatsApp reply button or a Messenger quick reply.</summary>
internal sealed record QuickReply(string Payload, string Title);
