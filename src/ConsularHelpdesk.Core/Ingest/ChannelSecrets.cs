namespace ConsularHelpdesk.Ingest;

/// <summary>The app secret and verify token of one channel.</summary>
internal sealed record ChannelSecrets(string AppSecret, string VerifyToken);
