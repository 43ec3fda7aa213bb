namespace ConsularHelpdesk.Distress;

/// <summary>Scores a citizen's text for distress (the phrase lists of each language, negation, reported speech, false positives).</summary>
internal interface IDistressAssessor
{
    /// <param name="text">What the citizen wrote (any length; only the first part may be read).</param>
    /// <param name="language">The language already known for the conversation ("nl", "fr", "de", "en"), or null to detect it.</param>
    DistressAssessment Assess(string text, string? language);
}
