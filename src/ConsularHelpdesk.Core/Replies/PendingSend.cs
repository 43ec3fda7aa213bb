using Azure;

namespace ConsularHelpdesk.Replies;

/// <summary>A send found due by the sweep: its index key and ETag (to move it once), and the message to queue again.</summary>
internal sealed record PendingSend(string Key, ETag ETag, int Attempts, OutboundMessage Message);
