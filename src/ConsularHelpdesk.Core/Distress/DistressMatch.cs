namespace ConsularHelpdesk.Distress;

/// <summary>
/// One phrase of the lists found in a text: its category, the phrase as the list writes it (never the citizen's own
/// words: what is stored and logged with it stays free of personal data), the level it gives, and where it stands
/// in the text (UTF-16 offsets, for highlighting).
/// </summary>
internal sealed record DistressMatch(string Category, string Phrase, DistressLevel Level, int Start, int Length);
