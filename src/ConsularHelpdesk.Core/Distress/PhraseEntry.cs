namespace ConsularHelpdesk.Distress;

/// <summary>What a phrase of a list is for.</summary>
internal enum PhraseKind
{
    /// <summary>A sign of distress: a category and a level.</summary>
    Distress,

    /// <summary>Denies a distress phrase shortly after it in the same clause.</summary>
    Negation,

    /// <summary>Makes its sentence an account of others: its matches are elevated at most.</summary>
    Reported,

    /// <summary>An ordinary phrase: distress phrases within its span do not count.</summary>
    FalsePositive,
}

/// <summary>One phrase of a list, as the list writes it (<see cref="Phrase"/> is what a match records).</summary>
internal sealed record PhraseEntry(PhraseKind Kind, string Phrase, string Category, DistressLevel Level);
