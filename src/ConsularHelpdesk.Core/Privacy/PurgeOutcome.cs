namespace ConsularHelpdesk.Privacy;

internal enum PurgeOutcome
{
    /// <summary>The conversation and what pointed at it are gone.</summary>
    Purged,

    /// <summary>No such conversation (never was, or purged already): nothing but stray blobs was deleted.</summary>
    NotFound,

    /// <summary>Under legal hold and not overridden: nothing was deleted.</summary>
    Held,

    /// <summary>The caller's condition refused the header read (the retention sweep: not due any more): nothing was deleted.</summary>
    Skipped,
}
