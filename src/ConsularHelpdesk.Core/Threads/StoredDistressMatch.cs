namespace ConsularHelpdesk.Threads;

/// <summary>What a message row keeps of a distress match: the category and the phrase as the lists write it (never the citizen's words).</summary>
internal sealed record StoredDistressMatch(string Category, string Phrase);
