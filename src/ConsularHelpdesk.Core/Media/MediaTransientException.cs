namespace ConsularHelpdesk.Media;

/// <summary>A download failed for a reason that may pass (Meta unreachable, 429, 5xx, a timeout): try again later.</summary>
internal sealed class MediaTransientException(string message, Exception? inner = null) : Exception(message, inner);
