namespace ConsularHelpdesk.Distress;

/// <summary>Where the phrase lists come from (both hosts read the same section).</summary>
internal sealed class DistressOptions
{
    public const string Section = "Distress";

    /// <summary>
    /// A folder of operator-tuned phrase lists (<c>distress.nl.json</c>, <c>distress.fr.json</c>, <c>distress.de.json</c>,
    /// <c>distress.en.json</c>): each file found there replaces the built-in list of its language, so the ministry can
    /// tune the lists without a new build. Empty: the built-in lists only. A folder that does not exist stops the start.
    /// </summary>
    public string? PhraseListsPath { get; set; }
}
